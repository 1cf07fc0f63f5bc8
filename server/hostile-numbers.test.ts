import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { EventName, type Contract, type IBApi } from "@stoqey/ib";
import { deltaSchema, snapshotSchema, type View } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { Publication } from "@/server/realtime/publication";
import { RiskEngine } from "@/server/risk/engine";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { AccountFeed } from "@/server/ib/account";
import { IbNumbers } from "@/server/ib/ib-numbers";
import { ManagedAccounts } from "@/server/ib/managed-accounts";
import { RequestPacer } from "@/server/ib/pacer";
import { PositionFeed } from "@/server/ib/positions";
import { SubscriptionRegistry } from "@/server/ib/subscriptions";

/**
 * From the client library's events to the payloads browsers receive: whatever numbers a
 * gateway sends, every snapshot and delta parses with the browser's schemas.
 */

const UNSET = "1.7976931348623157E308";
const VIEW: View = { scope: "all", positions: true, exposure: true };
const AAPL_CONID = 265598;
const AAPL: Contract = { conId: AAPL_CONID, symbol: "AAPL", secType: "STK" as Contract["secType"], currency: "USD", localSymbol: "AAPL" };

/** The slice of IBApi the account and position feeds use, remembering each request's id. */
class FakeApi extends EventEmitter {
  readonly reqIds = new Map<string, number>();
  reqAccountSummary(reqId: number) {
    this.reqIds.set("summary", reqId);
  }
  reqPnL(reqId: number, account: string) {
    this.reqIds.set(`pnl ${account}`, reqId);
  }
  reqPositions() {}
  reqPnLSingle(reqId: number, account: string, _model: string, conId: number) {
    this.reqIds.set(`pnl ${account} ${conId}`, reqId);
  }
}

function rig() {
  const api = new FakeApi();
  const { logger, warnings } = capturingLogger();
  const publication = new Publication({ engine: new RiskEngine({ initialLink: readyLink() }), now: () => 0 });
  const registry = new SubscriptionRegistry(new RequestPacer({ maxPerSecond: 10_000 }));
  const ibApi = api as unknown as IBApi;
  const emit = publication.apply.bind(publication);
  const now = () => 0;
  const accounts = new ManagedAccounts(ibApi, [], emit, now, logger);
  const context = { api: ibApi, registry, emit, logger, now, numbers: new IbNumbers(logger, now), accounts };
  new AccountFeed(context);
  new PositionFeed(context);
  api.emit(EventName.managedAccounts, "DU1,DU2");
  registry.startSession();

  const gateway = {
    summary: (account: string, tag: string, value: string, currency = "USD") =>
      api.emit(EventName.accountSummary, api.reqIds.get("summary"), account, tag, value, currency),
    pnl: (account: string, daily?: number, unrealized?: number, realized?: number) =>
      api.emit(EventName.pnl, api.reqIds.get(`pnl ${account}`), daily, unrealized, realized),
    position: (account: string, contract: Contract, pos?: number, avgCost?: number) => api.emit(EventName.position, account, contract, pos, avgCost),
    pnlSingle: (account: string, conId: number, pos?: number, daily?: number, unrealized?: number, realized?: number, value?: number) =>
      api.emit(EventName.pnlSingle, api.reqIds.get(`pnl ${account} ${conId}`), pos, daily, unrealized, realized, value),
  };
  for (const [account, nlv] of [["DU1", "300000.00"], ["DU2", "100000.00"]] as const) {
    gateway.summary(account, "NetLiquidation", nlv);
    for (const tag of ["TotalCashValue", "EquityWithLoanValue", "GrossPositionValue", "InitMarginReq", "MaintMarginReq", "AvailableFunds", "ExcessLiquidity", "BuyingPower"]) {
      gateway.summary(account, tag, "20000.00");
    }
    gateway.summary(account, "Cushion", "0.25", "");
    gateway.summary(account, "Leverage", "1.5", "");
    gateway.summary(account, "ExchangeRate", "1.10", "EUR");
    gateway.pnl(account, 100, 200, 0);
  }
  gateway.position("DU1", AAPL, 100, 150);
  api.emit(EventName.positionEnd);
  gateway.pnlSingle("DU1", AAPL_CONID, 100, 50, 500, 0, 15_500);
  return { publication, gateway, warnings };
}

/** What the browser does with a message: JSON over the wire, then its schema. */
const overTheWire = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload));

describe("hostile numbers from the gateway", () => {
  let setup: ReturnType<typeof rig>;
  beforeEach(() => {
    setup = rig();
  });

  test("IB's unset makes figures unavailable, and every payload still parses", () => {
    const { publication, gateway } = setup;
    const seen = publication.revision;
    gateway.summary("DU1", "NetLiquidation", UNSET);
    gateway.summary("DU2", "Cushion", "", "");
    gateway.pnl("DU1", undefined, undefined, undefined);
    gateway.pnlSingle("DU1", AAPL_CONID, 100, undefined, undefined, undefined, undefined);

    const snapshot = snapshotSchema.parse(overTheWire({ ...publication.snapshot(VIEW), seq: 0 }));
    deltaSchema.parse(overTheWire({ ...publication.deltaSince(seen, VIEW), seq: 1 }));
    const du1 = snapshot.accounts.find((account) => account.accountId === "DU1")!;
    assert.equal(du1.figures.netLiquidation?.value, null);
    assert.equal(du1.figures.marginUtilisation?.value, null);
    assert.equal(du1.figures.dailyPnL?.value, null);
    assert.equal(snapshot.firm.figures.netLiquidation?.value, null);
    assert.equal(snapshot.firm.figures.maintMargin?.value, 40_000);
    assert.equal(snapshot.positions[0]?.marketValue, null);
  });

  test("huge, non-finite and non-numeric values are refused: the last good figures stay, stale, and are logged", () => {
    const { publication, gateway, warnings } = setup;
    const seen = publication.revision;
    gateway.summary("DU2", "MaintMarginReq", "1.0E308");
    gateway.summary("DU2", "Cushion", "abc", "");
    gateway.summary("DU1", "Leverage", "8.9E307", "");
    gateway.summary("DU1", "NetLiquidation", "Infinity");
    gateway.summary("DU2", "ExchangeRate", "NaN", "EUR");
    gateway.pnl("DU1", NaN, Infinity, 1e300);
    gateway.position("DU1", AAPL, NaN, 150);
    gateway.position("DU1", AAPL, 100, 1e300);
    gateway.position("DU1", { ...AAPL, conId: NaN }, 100, 150);
    gateway.pnlSingle("DU1", AAPL_CONID, 100, 50, 500, 0, Infinity);

    const snapshot = snapshotSchema.parse(overTheWire({ ...publication.snapshot(VIEW), seq: 0 }));
    deltaSchema.parse(overTheWire({ ...publication.deltaSince(seen, VIEW), seq: 1 }));
    const [du1, du2] = snapshot.accounts;
    assert.deepEqual(du2?.figures.maintMargin, { value: 20_000, changedAt: 0, stale: true });
    assert.equal(du2?.figures.cushion?.stale, true);
    assert.equal(du1?.figures.netLiquidation?.value, 300_000);
    assert.equal(du1?.figures.netLiquidation?.stale, true);
    assert.equal(du1?.figures.dailyPnL?.value, 100);
    assert.equal(snapshot.firm.figures.maintMargin?.stale, true);
    assert.equal(snapshot.firm.figures.marginUtilisation?.stale, true);
    assert.deepEqual(
      snapshot.positions.map(({ key, position, avgCost, marketValue }) => ({ key, position, avgCost, marketValue })),
      [{ key: "DU1|265598", position: 100, avgCost: 150, marketValue: 15_500 }],
      "the position as it was",
    );
    const refused = warnings().map((line) => `${String(line.account)} ${String(line.field)} ${String(line.value)}`);
    for (const expected of ["DU2 MaintMarginReq 1.0E308", "DU2 Cushion abc", "DU1 NetLiquidation Infinity", "DU2 ExchangeRate EUR NaN", "DU1 dailyPnL NaN", "DU1 position (AAPL) NaN", "DU1 avgCost (AAPL) 1e+300", "DU1 conId (AAPL) NaN", "DU1 value (conId 265598) Infinity"]) {
      assert.ok(refused.includes(expected), `warned: ${expected} (got ${refused.join("; ")})`);
    }
  });

  test("the next good value clears the stale mark", () => {
    const { publication, gateway } = setup;
    gateway.summary("DU2", "MaintMarginReq", "abc");
    gateway.summary("DU2", "MaintMarginReq", "25000.00");
    const snapshot = publication.snapshot(VIEW);
    assert.deepEqual(snapshot.accounts[1]?.figures.maintMargin, { value: 25_000, changedAt: 0 });
    assert.equal(snapshot.firm.figures.maintMargin?.stale, undefined);
  });
});
