import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountRisk, Snapshot } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { applySnapshot } from "./apply-message";
import { selectAccount, selectAccountIds, selectFirm, selectHistory, selectLink, selectSync } from "./selectors";
import { createStreamStore, setSocketStatus, setStreamState, type StreamStore, type StreamStoreState } from "./stream-store";

function account(accountId: string, netLiquidation: number): AccountRisk {
  return { accountId, currency: "USD", figures: { netLiquidation: { value: netLiquidation, changedAt: 1_000 } } };
}

const snapshot: Snapshot = {
  seq: 4,
  at: 10_000,
  link: readyLink({ lastMessageAt: 1_000 }),
  accountIds: ["DU1", "DU2"],
  accounts: [account("DU1", 100), account("DU2", 200)],
  firm: { currency: "USD", figures: { netLiquidation: { value: 300, changedAt: 1_000 } }, accountCount: 2, excludedAccounts: [] },
  groups: [],
  fa: { groups: [], aliases: {} },
  history: [{ series: "DU1", at: 1_000, netLiquidation: 100, dailyPnL: 0 }],
  view: { scope: "all", positions: false, exposure: false },
  exposure: null,
  positions: [],
  alerts: [],
  orders: [],
  ordersNote: null,
};

/**
 * How many times a component reading `selector` would re-render: useStore (through
 * useSyncExternalStore) re-renders when the selected value changes by Object.is.
 */
function renders<T>(store: StreamStore, selector: (state: StreamStoreState) => T): { count: number } {
  const seen = { count: 0 };
  let last = selector(store.getState());
  store.subscribe((state) => {
    const next = selector(state);
    if (!Object.is(next, last)) seen.count += 1;
    last = next;
  });
  return seen;
}

function syncedStore(): StreamStore {
  const store = createStreamStore();
  setStreamState(store, applySnapshot(store.getState().stream, snapshot, 9_000).state);
  return store;
}

test("a snapshot replaces the stream state that every selector reads", () => {
  const store = createStreamStore();
  assert.equal(selectFirm(store.getState()), null);
  assert.deepEqual(selectSync(store.getState()), { synced: false, serverClockOffset: 0 });
  setStreamState(store, applySnapshot(store.getState().stream, snapshot, 9_000).state);
  assert.equal(selectAccount("DU1")(store.getState())?.figures.netLiquidation?.value, 100);

  const next = { ...snapshot, seq: 9, at: 20_000, accountIds: ["DU3"], accounts: [account("DU3", 5)] };
  setStreamState(store, applySnapshot(store.getState().stream, next, 19_500).state);

  const state = store.getState();
  assert.deepEqual(selectSync(state), { synced: true, serverClockOffset: 500 });
  assert.deepEqual(selectLink(state), snapshot.link);
  assert.equal(selectFirm(state)?.figures.netLiquidation?.value, 300);
  assert.deepEqual(selectAccountIds(state), ["DU3"]);
  assert.equal(selectAccount("DU1")(state), null, "an account the new snapshot leaves out is gone");
  assert.equal(selectAccount("DU3")(state)?.figures.netLiquidation?.value, 5);
  assert.deepEqual(selectHistory("DU1")(state).map((point) => point.at), [1_000]);
  assert.deepEqual(selectHistory("DU9")(state), []);
});

test("a delta for one account re-renders only that account's readers", () => {
  const store = syncedStore();
  const du1 = renders(store, selectAccount("DU1"));
  const du2 = renders(store, selectAccount("DU2"));
  const ids = renders(store, selectAccountIds);
  const firm = renders(store, selectFirm);
  const history = renders(store, selectHistory("DU1"));

  // As applyDelta builds it: the changed account is a new object; every other part keeps its reference.
  const before = store.getState().stream;
  const accounts = new Map(before.accounts).set("DU1", account("DU1", 150));
  setStreamState(store, { ...before, seq: 5, accounts });

  assert.equal(selectAccount("DU1")(store.getState())?.figures.netLiquidation?.value, 150);
  assert.deepEqual([du1.count, du2.count, ids.count, firm.count, history.count], [1, 0, 0, 0, 0]);
});

test("the same stream state again notifies nobody", () => {
  const store = syncedStore();
  let notified = 0;
  store.subscribe(() => (notified += 1));
  setStreamState(store, store.getState().stream);
  assert.equal(notified, 0);
});

test("the socket's status keeps its start time until the status changes", () => {
  const store = createStreamStore();
  setSocketStatus(store, "disconnected", 0, 1_000);
  setSocketStatus(store, "disconnected", 3, 5_000);
  assert.deepEqual(store.getState().socket, { status: "disconnected", attempt: 3, since: 1_000 });
  setSocketStatus(store, "connected", 0, 9_000);
  assert.deepEqual(store.getState().socket, { status: "connected", attempt: 0, since: 9_000 });
});
