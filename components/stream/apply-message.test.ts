import { test } from "node:test";
import assert from "node:assert/strict";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import { positionFigures, type Position } from "@/lib/positions";
import type { AccountRisk, Delta, GroupRisk, HistoryPoint, Snapshot } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { testPosition } from "@/lib/testing/position";
import { applyDelta, applySnapshot, disconnected, INITIAL_STREAM_STATE, type StreamState } from "./apply-message";

function position(account: string, conId: number, marketValue = 1_000): Position {
  return testPosition(account, conId, { marketValue, marketValueBase: marketValue });
}

const link = readyLink({ lastMessageAt: 1_000, stateSince: 500 });

function account(accountId: string, netLiquidation: number, changedAt = 1_000): AccountRisk {
  return { accountId, currency: "USD", figures: { netLiquidation: { value: netLiquidation, changedAt } } };
}

function point(series: string, at: number, netLiquidation = 1): HistoryPoint {
  return { series, at, netLiquidation, dailyPnL: 0 };
}

function group(name: string, netLiquidation: number): GroupRisk {
  return { name, currency: "USD", figures: { netLiquidation: { value: netLiquidation, changedAt: 1_000 } }, accountCount: 1, excludedAccounts: [] };
}


const fa: FaConfig = { groups: [{ name: "Growth", method: "NetLiq", accounts: ["DU1"] }], aliases: { DU1: "Alpha" } };

const exposure: Exposure = {
  scope: "all",
  currency: "USD",
  long: 2_000,
  short: 0,
  net: 2_000,
  gross: 2_000,
  grossShareOfNetLiq: 0.5,
  byUnderlying: [],
  bySecType: [],
  byCurrency: [],
  concentrationThresholds: { underlying: 0.25, currency: 0.25 },
  unpricedPositions: 0,
  at: 1_000,
};

const snapshot: Snapshot = {
  seq: 4,
  at: 10_000,
  link,
  accountIds: ["DU1", "DU2"],
  accounts: [account("DU2", 200), account("DU1", 100)],
  firm: { currency: "USD", figures: { netLiquidation: { value: 300, changedAt: 1_000 } }, accountCount: 2, excludedAccounts: [] },
  groups: [group("Value", 200), group("Growth", 100)],
  fa,
  history: [point("DU1", 2_000), point("DU1", 1_000), point("firm", 1_000)],
  view: { scope: "all", positions: true, exposure: true },
  exposure,
  positions: [position("DU1", 1), position("DU2", 2)],
  alerts: [],
  orders: [],
  ordersNote: null,
};

function synced(): StreamState {
  return applySnapshot(INITIAL_STREAM_STATE, snapshot, 9_000).state;
}

test("a snapshot replaces the view: sorted account ids, history grouped in time order, clock offset", () => {
  const { state, resync } = applySnapshot(INITIAL_STREAM_STATE, snapshot, 9_000);
  assert.equal(resync, null);
  assert.equal(state.seq, 4);
  assert.equal(state.synced, true);
  assert.equal(state.serverClockOffset, 1_000);
  assert.deepEqual(state.accountIds, ["DU1", "DU2"]);
  assert.equal(state.accounts.get("DU2")?.figures.netLiquidation?.value, 200);
  assert.deepEqual(state.history.get("DU1")?.map((p) => p.at), [1_000, 2_000]);
  assert.equal(state.history.get("firm")?.length, 1);
  assert.deepEqual(state.groups.map((g) => g.name), ["Growth", "Value"]);
  assert.deepEqual(state.fa, fa);
  assert.deepEqual(state.view, { scope: "all", positions: true, exposure: true });
  assert.deepEqual(state.exposure, exposure);
  assert.deepEqual([...state.positions.keys()], ["DU1|1", "DU2|2"]);
  assert.deepEqual([...state.accountCurrencies], [["DU2", "USD"], ["DU1", "USD"]]);
});

test("a snapshot for another view echoes it and replaces the positions and exposure wholesale", () => {
  const { state } = applySnapshot(synced(), { ...snapshot, seq: 0, view: { scope: "group:Growth", positions: false, exposure: false }, exposure: null, positions: [] }, 9_000);
  assert.deepEqual(state.view, { scope: "group:Growth", positions: false, exposure: false });
  assert.equal(state.exposure, null);
  assert.equal(state.positions.size, 0);
  assert.equal(state.seq, 0, "a snapshot resets the sequence");
});

test("in-order deltas apply; parts a delta leaves out keep their reference", () => {
  const before = synced();
  const first: Delta = { seq: 5, at: 11_000, accounts: [account("DU1", 150, 11_000)] };
  const afterFirst = applyDelta(before, first);
  assert.equal(afterFirst.resync, null);
  assert.equal(afterFirst.state.seq, 5);
  assert.equal(afterFirst.state.accounts.get("DU1")?.figures.netLiquidation?.value, 150);
  assert.equal(afterFirst.state.accounts.get("DU2"), before.accounts.get("DU2"));
  assert.equal(afterFirst.state.accountIds, before.accountIds, "same members, same id list");
  assert.equal(afterFirst.state.link, before.link);
  assert.equal(afterFirst.state.firm, before.firm);
  assert.equal(afterFirst.state.history, before.history);
  for (const part of ["groups", "fa", "view", "exposure", "positions", "positionKeys", "accountCurrencies"] as const) {
    assert.equal(afterFirst.state[part], before[part], `${part} keeps its reference`);
  }

  const second: Delta = { seq: 6, at: 12_000, link: { ...link, lastMessageAt: 12_000 }, history: [point("DU1", 3_000)] };
  const afterSecond = applyDelta(afterFirst.state, second).state;
  assert.equal(afterSecond.seq, 6);
  assert.equal(afterSecond.link?.lastMessageAt, 12_000);
  assert.deepEqual(afterSecond.history.get("DU1")?.map((p) => p.at), [1_000, 2_000, 3_000]);
  assert.equal(afterSecond.history.get("firm"), before.history.get("firm"));
});

test("new and removed accounts update the sorted id list and drop the removed account's history", () => {
  const { state } = applyDelta(synced(), { seq: 5, at: 11_000, accountIds: ["DU0", "DU2"], accounts: [account("DU0", 1)] });
  assert.deepEqual(state.accountIds, ["DU0", "DU2"]);
  assert.equal(state.accounts.has("DU1"), false);
  assert.equal(state.history.has("DU1"), false);
  assert.equal(state.history.has("firm"), true);
});

test("figure patches change only the figures they carry, and remove those sent as null", () => {
  const before = synced();
  const { state } = applyDelta(before, {
    seq: 5,
    at: 11_000,
    accountFigures: [["DU1", { dailyPnL: { value: -5, changedAt: 10_900 }, netLiquidation: null }]],
    firmFigures: { dailyPnL: { value: -5, changedAt: 10_900 } },
    groupFigures: [["Value", { netLiquidation: { value: 210, changedAt: 10_950 } }]],
  });
  assert.deepEqual(state.accounts.get("DU1")?.figures, { dailyPnL: { value: -5, changedAt: 10_900 } });
  assert.equal(state.accounts.get("DU2"), before.accounts.get("DU2"));
  assert.deepEqual(state.firm?.figures, { netLiquidation: { value: 300, changedAt: 1_000 }, dailyPnL: { value: -5, changedAt: 10_900 } });
  assert.equal(state.groups.find((g) => g.name === "Value")?.figures.netLiquidation?.value, 210);
  assert.equal(state.groups.find((g) => g.name === "Growth"), before.groups.find((g) => g.name === "Growth"));
});

test("a gap in the sequence puts the client out of sync and asks for a snapshot", () => {
  const before = synced();
  const { state, resync } = applyDelta(before, { seq: 7, at: 11_000, accounts: [account("DU1", 999)] });
  assert.equal(state.synced, false);
  assert.equal(state.seq, 4);
  assert.equal(state.accounts, before.accounts, "the gapped delta is not applied");
  assert.deepEqual(resync, { lastSeq: 4, reason: "gap: expected seq 5, got 7" });
});

test("a repeated seq counts as a gap", () => {
  assert.notEqual(applyDelta(synced(), { seq: 4, at: 11_000 }).resync, null);
});

test("out of sync, deltas are ignored until the next snapshot, which restores sync", () => {
  const outOfSync = applyDelta(synced(), { seq: 9, at: 11_000 }).state;
  const ignored = applyDelta(outOfSync, { seq: 5, at: 11_000, accounts: [account("DU1", 999)] });
  assert.equal(ignored.state, outOfSync);
  assert.equal(ignored.resync, null, "one request per loss of sync");

  const resynced = applySnapshot(ignored.state, { ...snapshot, seq: 9 }, 9_000).state;
  assert.equal(resynced.synced, true);
  assert.equal(applyDelta(resynced, { seq: 10, at: 11_000 }).state.seq, 10);
});

test("a malformed delta is not applied and asks for a snapshot", () => {
  const before = synced();
  const bad = { seq: 5, at: 11_000, accounts: [{ accountId: "DU1", currency: "USD", figures: { netLiquidation: { value: "lots", changedAt: 1 } } }] };
  const { state, resync } = applyDelta(before, bad);
  assert.equal(state.synced, false);
  assert.equal(state.accounts, before.accounts);
  assert.equal(resync?.lastSeq, 4);
  assert.match(resync?.reason ?? "", /^invalid delta: accounts\.0\.figures\.netLiquidation\.value/);
});

test("a malformed snapshot keeps the last view, out of sync, and asks again", () => {
  const before = synced();
  const { state, resync } = applySnapshot(before, { ...snapshot, link: null }, 9_000);
  assert.equal(state.synced, false);
  assert.equal(state.accounts, before.accounts);
  assert.match(resync?.reason ?? "", /^invalid snapshot: link/);
  assert.ok((resync?.reason.length ?? 0) <= 200);
});

test("a dropped connection puts the client out of sync without touching the view", () => {
  const before = synced();
  const after = disconnected(before);
  assert.equal(after.synced, false);
  assert.equal(after.accounts, before.accounts);
  assert.equal(applyDelta(after, { seq: 5, at: 11_000 }).state, after);
});

test("positions are upserted by key and removed by key; untouched rows keep their reference", () => {
  const before = synced();
  const changed = position("DU1", 1, 1_500);
  const { state } = applyDelta(before, { seq: 5, at: 11_000, positions: [changed, position("DU1", 3)], removedPositions: ["DU2|2"] });
  assert.deepEqual([...state.positions.keys()].sort(), ["DU1|1", "DU1|3"]);
  assert.equal(state.positions.get("DU1|1")?.marketValue, 1_500);
  assert.equal(before.positions.get("DU1|1")?.marketValue, 1_000, "the previous state is not touched");
  assert.deepEqual([...state.positionKeys].sort(), ["DU1|1", "DU1|3"]);

  const valuesOnly = applyDelta(state, { seq: 6, at: 12_000, positions: [position("DU1", 3, 900)] }).state;
  assert.equal(valuesOnly.positionKeys, state.positionKeys, "same positions, same key list");
  assert.equal(state.accounts, before.accounts);
});

test("figure tuples update a held position's live figures and nothing else", () => {
  const before = synced();
  const figures = positionFigures({ ...position("DU1", 1, 1_234), dailyPnL: -5, changedAt: 11_500 });
  const { state, resync } = applyDelta(before, { seq: 5, at: 11_000, positionFigures: [figures] });
  assert.equal(resync, null);
  const updated = state.positions.get("DU1|1")!;
  assert.equal(updated.marketValue, 1_234);
  assert.equal(updated.dailyPnL, -5);
  assert.equal(updated.changedAt, 11_500);
  assert.equal(updated.localSymbol, before.positions.get("DU1|1")!.localSymbol);
  assert.equal(state.positions.get("DU2|2"), before.positions.get("DU2|2"), "untouched rows keep their reference");
  assert.equal(state.positionKeys, before.positionKeys, "no row came or went");
});

test("figures for a position the view does not hold put the client out of sync", () => {
  const { state, resync } = applyDelta(synced(), { seq: 5, at: 11_000, positionFigures: [positionFigures(position("DU9", 9))] });
  assert.equal(state.synced, false);
  assert.match(resync!.reason, /DU9\|9/);
});

test("groups, FA configuration and exposure are replaced whole", () => {
  const before = synced();
  const nextFa: FaConfig = { groups: [], aliases: { DU2: "Beta" } };
  const nextExposure = { ...exposure, gross: 3_000, at: 11_000 };
  const { state } = applyDelta(before, { seq: 5, at: 11_000, groups: [group("Income", 50)], fa: nextFa, exposure: nextExposure });
  assert.deepEqual(state.groups.map((g) => g.name), ["Income"]);
  assert.deepEqual(state.fa, nextFa);
  assert.equal(state.exposure?.gross, 3_000);
  assert.equal(state.positions, before.positions);
  assert.equal(state.view, before.view, "only a snapshot changes the view");
});

test("the store's status comes with the snapshot when the server has a store, and a delta replaces it; one without it keeps it", () => {
  assert.equal(synced().store, null, "a server without a store says nothing of one");
  const ok = { state: "ok" as const, queued: 0, queuedAlerts: 0, droppedSamples: 0, since: 1_000, lastError: null };
  const withStore = applySnapshot(INITIAL_STREAM_STATE, { ...snapshot, store: ok }, 9_000).state;
  assert.deepEqual(withStore.store, ok);
  const down = { ...ok, state: "unreachable" as const, queued: 12, queuedAlerts: 2, since: 11_000, lastError: "connect ECONNREFUSED" };
  const unreachable = applyDelta(withStore, { seq: 5, at: 11_000, store: down }).state;
  assert.deepEqual(unreachable.store, down);
  assert.equal(applyDelta(unreachable, { seq: 6, at: 12_000 }).state.store, unreachable.store);
  const bad = applyDelta(unreachable, { seq: 7, at: 13_000, store: { ...down, state: "sleeping" } });
  assert.ok(bad.resync, "a status the schema does not know is refused");
  assert.equal(bad.state.store, unreachable.store);
});

test("the account currency map changes only when a currency or the membership does", () => {
  const before = synced();
  const sameCurrency = applyDelta(before, { seq: 5, at: 11_000, accounts: [account("DU1", 150)] }).state;
  assert.equal(sameCurrency.accountCurrencies, before.accountCurrencies);
  const otherCurrency = applyDelta(sameCurrency, { seq: 6, at: 12_000, accounts: [{ ...account("DU1", 150), currency: "EUR" }] }).state;
  assert.equal(otherCurrency.accountCurrencies.get("DU1"), "EUR");
});

test("a delta of 2,000 changed positions onto 20,000 applies quickly (printed, not asserted)", (t) => {
  const accounts = Array.from({ length: 50 }, (_, i) => `DU${i}`);
  const many = Array.from({ length: 20_000 }, (_, i) => position(accounts[i % accounts.length] ?? "DU0", i));
  let state = applySnapshot(INITIAL_STREAM_STATE, { ...snapshot, positions: many }, 9_000).state;
  const timings: number[] = [];
  for (let round = 1; round <= 10; round += 1) {
    const changed = many
      .filter((_, i) => i % 10 === round % 10)
      .map((p) => positionFigures({ ...p, marketValue: (p.marketValue ?? 0) + round, changedAt: 10_000 + round }));
    const delta = { seq: 4 + round, at: 10_000 + round, positionFigures: changed };
    const started = performance.now();
    state = applyDelta(state, delta).state;
    timings.push(performance.now() - started);
  }
  assert.equal(state.positions.size, 20_000);
  assert.equal(state.seq, 14);
  const sorted = [...timings].sort((a, b) => a - b);
  t.diagnostic(`2,000 of 20,000 positions, validated and applied: median ${sorted[5]?.toFixed(1)} ms, worst ${sorted[9]?.toFixed(1)} ms`);
});
