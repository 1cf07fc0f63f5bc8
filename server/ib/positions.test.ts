import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { EventName, type Contract, type IBApi } from "@stoqey/ib";
import { pino } from "pino";
import type { DomainEvent } from "@/server/domain/events";
import { testLogger } from "@/server/testing/silent-logger";
import { IbNumbers } from "./ib-numbers";
import { ManagedAccounts } from "./managed-accounts";
import { RequestPacer } from "./pacer";
import { PositionFeed } from "./positions";
import { SubscriptionRegistry } from "./subscriptions";

/** The slice of IBApi the position feed uses, recording the requests it makes. */
class FakeApi extends EventEmitter {
  readonly requests: string[] = [];
  reqPositions() {
    this.requests.push("positions");
  }
  cancelPositions() {}
  reqPnLSingle(_reqId: number, account: string, _model: string, conId: number) {
    this.requests.push(`pnl ${account} ${conId}`);
  }
  cancelPnLSingle() {}
}

const stock = (conId: number): Contract => ({ conId, symbol: `S${conId}`, secType: "STK" as Contract["secType"], currency: "USD" });

/** A logger that keeps the messages of its errors: a failing handler is logged, not thrown. */
function errorLog() {
  const errors: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      errors.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { errors, logger: pino({ level: "error" }, stream) };
}

function feedOn(api: FakeApi) {
  const registry = new SubscriptionRegistry(new RequestPacer({ maxPerSecond: 10_000 }));
  const events: DomainEvent[] = [];
  const emit = (event: DomainEvent) => void events.push(event);
  const ibApi = api as unknown as IBApi;
  const accounts = new ManagedAccounts(ibApi, [], emit, Date.now, testLogger());
  const { errors, logger } = errorLog();
  new PositionFeed({ api: ibApi, registry, accounts, emit, logger, now: Date.now, numbers: new IbNumbers(testLogger(), Date.now) });
  api.emit(EventName.managedAccounts, "DU1,DU2");
  registry.startSession();
  return { registry, errors, events };
}

test("P&L subscriptions of a fresh position list go out largest cost basis first", () => {
  const api = new FakeApi();
  feedOn(api);
  api.emit(EventName.position, "DU1", stock(1), 10, 5); // 50
  api.emit(EventName.position, "DU2", stock(2), -1_000, 90); // 90,000
  api.emit(EventName.position, "DU1", stock(3), 200, 100); // 20,000
  assert.deepEqual(api.requests, ["positions"], "nothing before the list is complete");
  api.emit(EventName.positionEnd);
  assert.deepEqual(api.requests.slice(1), ["pnl DU2 2", "pnl DU1 3", "pnl DU1 1"]);
});

test("a position opened after the list is subscribed at once; a closed one is not", () => {
  const api = new FakeApi();
  feedOn(api);
  api.emit(EventName.positionEnd);
  api.emit(EventName.position, "DU1", stock(7), 5, 10);
  api.emit(EventName.position, "DU1", stock(8), 0, 0);
  assert.deepEqual(api.requests, ["positions", "pnl DU1 7"]);
});

test("a position that opens and closes within one listing is neither kept nor subscribed", async () => {
  const api = new FakeApi();
  const { errors, events } = feedOn(api);
  api.emit(EventName.position, "DU1", stock(1), 10, 5);
  api.emit(EventName.position, "DU1", stock(1), 0, 0);
  api.emit(EventName.position, "DU2", stock(2), 1, 1);
  api.emit(EventName.positionEnd);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(errors, [], "no handler failed");
  assert.deepEqual(api.requests, ["positions", "pnl DU2 2"]);
  const sizes = events.flatMap((event) => (event.type === "position" ? [`${event.account} ${event.contract.conId} ${event.position}`] : []));
  assert.deepEqual(sizes, ["DU1 1 10", "DU1 1 0", "DU2 2 1"], "the close is reported once, and nothing is closed at the list's end");
});
