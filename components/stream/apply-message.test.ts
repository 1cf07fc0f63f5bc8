import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountRisk, Delta, HistoryPoint, LinkStatus, Snapshot } from "@/lib/stream";
import { applyDelta, applySnapshot, disconnected, INITIAL_STREAM_STATE, type StreamState } from "./apply-message";

const link: LinkStatus = {
  state: "ready",
  host: "127.0.0.1",
  port: 4002,
  clientId: 77,
  serverVersion: 176,
  ibServersLost: false,
  lastMessageAt: 1_000,
  stateSince: 500,
  reconnectAttempt: 0,
  lastError: null,
};

function account(accountId: string, netLiquidation: number, changedAt = 1_000): AccountRisk {
  return { accountId, currency: "USD", figures: { netLiquidation: { value: netLiquidation, changedAt } } };
}

function point(series: string, at: number, netLiquidation = 1): HistoryPoint {
  return { series, at, netLiquidation, dailyPnL: 0 };
}

const snapshot: Snapshot = {
  seq: 4,
  at: 10_000,
  link,
  accounts: [account("DU2", 200), account("DU1", 100)],
  firm: { currency: "USD", figures: { netLiquidation: { value: 300, changedAt: 1_000 } }, accountCount: 2, excludedAccounts: [] },
  groups: [],
  fa: { groups: [], aliases: {} },
  history: [point("DU1", 2_000), point("DU1", 1_000), point("firm", 1_000)],
  view: { scope: "all", positions: false },
  exposure: null,
  positions: [],
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

  const second: Delta = { seq: 6, at: 12_000, link: { ...link, lastMessageAt: 12_000 }, history: [point("DU1", 3_000)] };
  const afterSecond = applyDelta(afterFirst.state, second).state;
  assert.equal(afterSecond.seq, 6);
  assert.equal(afterSecond.link?.lastMessageAt, 12_000);
  assert.deepEqual(afterSecond.history.get("DU1")?.map((p) => p.at), [1_000, 2_000, 3_000]);
  assert.equal(afterSecond.history.get("firm"), before.history.get("firm"));
});

test("new and removed accounts update the sorted id list and drop the removed account's history", () => {
  const { state } = applyDelta(synced(), { seq: 5, at: 11_000, accounts: [account("DU0", 1)], removedAccounts: ["DU1"] });
  assert.deepEqual(state.accountIds, ["DU0", "DU2"]);
  assert.equal(state.accounts.has("DU1"), false);
  assert.equal(state.history.has("DU1"), false);
  assert.equal(state.history.has("firm"), true);
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
