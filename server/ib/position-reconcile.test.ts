import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { EventName, type Contract, type IBApi } from "@stoqey/ib";
import type { ReconcileReport } from "@/lib/stream";
import { testLogger } from "@/server/testing/silent-logger";
import { IbNumbers } from "./ib-numbers";
import { ManagedAccounts } from "./managed-accounts";
import { RequestPacer } from "./pacer";
import { PositionFeed } from "./positions";
import { SubscriptionRegistry } from "./subscriptions";

/** The slice of IBApi the position feed uses; remembers the request id of each account's list. */
class FakeApi extends EventEmitter {
  readonly listIds = new Map<string, number>();
  reqPositions() {}
  cancelPositions() {}
  reqPositionsMulti(reqId: number, account: string) {
    this.listIds.set(account, reqId);
  }
  cancelPositionsMulti() {}
  reqPnLSingle() {}
  cancelPnLSingle() {}
}

const stock = (conId: number): Contract => ({ conId, symbol: `S${conId}`, localSymbol: `S${conId}`, secType: "STK" as Contract["secType"], currency: "USD" });

/** A login beyond IB's 50 sub-accounts: positions are listed per account, each list with its own end. */
function perAccountFeed(accountCount: number) {
  const api = new FakeApi();
  const registry = new SubscriptionRegistry(new RequestPacer({ maxPerSecond: 10_000 }));
  const ibApi = api as unknown as IBApi;
  const accounts = new ManagedAccounts(ibApi, [], () => {}, Date.now, testLogger());
  const reports: ReconcileReport[] = [];
  const feed = new PositionFeed({
    api: ibApi,
    registry,
    accounts,
    emit: () => {},
    logger: testLogger(),
    now: () => 1234,
    numbers: new IbNumbers(testLogger(), Date.now),
    onReconciled: (report) => reports.push(report),
  });
  const ids = Array.from({ length: accountCount }, (_, i) => `DU${1000 + i}`);
  api.emit(EventName.managedAccounts, ids.join(","));
  registry.startSession();
  const list = (account: string, positions: Array<[number, number]>) => {
    const reqId = api.listIds.get(account)!;
    for (const [conId, size] of positions) api.emit(EventName.positionMulti, reqId, account, "", stock(conId), size, 10);
    api.emit(EventName.positionMultiEnd, reqId);
  };
  return { feed, registry, ids, list, reports };
}

test("after a reconnect the report waits for every account's list, then names what changed", () => {
  const { feed, registry, ids, list, reports } = perAccountFeed(51);
  list(ids[0]!, [[1, 100], [2, 5]]);
  list(ids[1]!, [[3, -2]]);
  for (const id of ids.slice(2)) list(id, []);
  assert.equal(reports.length, 0, "the first session is not a reconcile");

  feed.beginReconcile("reconnect");
  registry.startSession();
  list(ids[0]!, [[1, 150]]);
  list(ids[1]!, [[3, -2], [4, 7]]);
  for (const id of ids.slice(2, -1)) list(id, []);
  assert.equal(reports.length, 0, "one list is still to come");
  list(ids.at(-1)!, []);

  assert.equal(reports.length, 1);
  const { positions, after, at } = reports[0]!;
  assert.equal(after, "reconnect");
  assert.equal(at, 1234);
  assert.deepEqual(positions.changed.listed, [{ account: ids[0], symbol: "S1", before: 100, after: 150 }]);
  assert.deepEqual(positions.removed.listed, [{ account: ids[0], symbol: "S2", before: 5, after: 0 }]);
  assert.deepEqual(positions.added.listed, [{ account: ids[1], symbol: "S4", before: 0, after: 7 }]);
  assert.equal(positions.unchanged, 1);
});
