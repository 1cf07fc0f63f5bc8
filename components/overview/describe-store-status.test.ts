import { test } from "node:test";
import assert from "node:assert/strict";
import type { StoreStatus } from "@/lib/stream";
import { describeStoreStatus } from "./describe-store-status";

const ok: StoreStatus = { state: "ok", queued: 3, queuedAlerts: 0, droppedSamples: 0, since: Date.UTC(2026, 0, 2, 14, 3, 5), lastError: null };

test("ok says so, with the samples an earlier outage cost", () => {
  assert.equal(describeStoreStatus(ok), "Store ok.");
  assert.equal(describeStoreStatus({ ...ok, droppedSamples: 1200 }), "Store ok; 1,200 history samples dropped since start.");
});

test("unreachable and backlogged say since when, what waits, and that the figures stay live", () => {
  const down = describeStoreStatus({ ...ok, state: "unreachable", queued: 12_345, queuedAlerts: 7, droppedSamples: 40, lastError: "connect ECONNREFUSED 127.0.0.1:5432" });
  assert.match(down, /^Store unreachable since \d\d:\d\d:\d\d \(connect ECONNREFUSED 127\.0\.0\.1:5432\): 12,345 writes queued \(7 alert changes, never dropped\); 40 history samples dropped since start\. Figures stay live; history and alerts are written when the database keeps up again\. Logins, cancels and other audited actions are refused until it is back\.$/);
  const stalled = describeStoreStatus({ ...ok, state: "backlogged", queued: 20, queuedAlerts: 1, lastError: "a database write has not finished after 10000 ms" });
  assert.match(stalled, /^Store backlogged since \d\d:\d\d:\d\d: 20 writes queued \(1 alert changes, never dropped\)\. Figures stay live; history and alerts are written when the database keeps up again\.$/);
});
