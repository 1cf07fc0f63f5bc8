import { test } from "node:test";
import assert from "node:assert/strict";
import { RECONCILE_LISTED } from "@/lib/stream";
import { describeReconcile } from "@/lib/reconcile-summary";
import { reconcilePositions, type HeldSize } from "./reconcile";

const held = (entries: Array<[string, string, number]>) =>
  new Map<string, HeldSize>(entries.map(([account, symbol, position]) => [`${account}:${symbol}`, { account, symbol, position }]));

test("reports positions added, removed and changed in quantity, and counts the unchanged", () => {
  const before = held([["DU1", "AAPL", 100], ["DU1", "MSFT", 50], ["DU2", "ESZ6", -2]]);
  const after = held([["DU1", "AAPL", 100], ["DU1", "MSFT", 80], ["DU2", "EUR.USD", 10000]]);
  const report = reconcilePositions(before, after, "reconnect", 5000);
  assert.equal(report.at, 5000);
  assert.equal(report.after, "reconnect");
  assert.deepEqual(report.positions.added, { count: 1, listed: [{ account: "DU2", symbol: "EUR.USD", before: 0, after: 10000 }] });
  assert.deepEqual(report.positions.removed, { count: 1, listed: [{ account: "DU2", symbol: "ESZ6", before: -2, after: 0 }] });
  assert.deepEqual(report.positions.changed, { count: 1, listed: [{ account: "DU1", symbol: "MSFT", before: 50, after: 80 }] });
  assert.equal(report.positions.unchanged, 1);
  assert.equal(describeReconcile(report), "positions: 1 added, 1 removed, 1 changed quantity, 1 unchanged");
});

test("nothing changed says so; long lists are counted in full and named in part", () => {
  const same = held([["DU1", "AAPL", 1]]);
  assert.equal(describeReconcile(reconcilePositions(same, same, "restored", 1)), "positions unchanged (1)");
  const many = held(Array.from({ length: RECONCILE_LISTED + 5 }, (_, i): [string, string, number] => ["DU1", `S${i}`, i + 1]));
  const report = reconcilePositions(new Map(), many, "reconnect", 1);
  assert.equal(report.positions.added.count, RECONCILE_LISTED + 5);
  assert.equal(report.positions.added.listed.length, RECONCILE_LISTED);
});
