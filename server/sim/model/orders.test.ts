import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { US_STOCKS } from "./instruments";
import { OrderBook, OrderRejection, isWorking, type OrderRequest } from "./orders";
import { PriceBook } from "./prices";
import { Simulation } from "./simulation";
import { Rng } from "./rng";

const ACCOUNTS = ["DU1000001", "DU1000002", "DU1000003"];
const AAPL = US_STOCKS.find((s) => s.symbol === "AAPL")!;
const fixedNow = () => new Date(Date.UTC(2026, 10, 23, 15, 30, 0));

function book() {
  const prices = new PriceBook(new Rng(7));
  return { prices, orders: new OrderBook(prices, fixedNow) };
}

const request = (extra: Partial<OrderRequest>): OrderRequest => ({
  account: ACCOUNTS[0]!, conId: AAPL.conId, action: "BUY", totalQuantity: 10, orderType: "LMT", lmtPrice: 1, ...extra,
});

function rejection(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof OrderRejection) return { code: error.code, message: error.message };
    throw error;
  }
  assert.fail("expected a rejection");
}

describe("order book", () => {
  test("seeding is deterministic, away from the market, with unique permIds", () => {
    const a = book();
    a.orders.seed(7, ACCOUNTS, ["Growth"]);
    const b = book();
    b.orders.seed(7, ACCOUNTS, ["Growth"]);
    assert.deepEqual(a.orders.all(), b.orders.all());
    assert.equal(new Set(a.orders.all().map((o) => o.permId)).size, a.orders.all().length);
    assert.deepEqual(a.orders.matchPrices(), [], "nothing crosses at the opening prices");
    const c = book();
    c.orders.seed(8, ACCOUNTS, ["Growth"]);
    assert.notDeepEqual(c.orders.all().map((o) => o.lmtPrice), a.orders.all().map((o) => o.lmtPrice));
  });

  test("an individual login gets the same orders on its one account, without FA allocations", () => {
    const simulation = new Simulation(7, 1, { fa: false });
    const orders = simulation.orders.working();
    assert.ok(orders.length >= 12);
    assert.ok(orders.every((o) => o.account === "U1000001" && o.faGroup === ""));
  });

  test("TWS's refusals with its codes", () => {
    const { orders } = book();
    assert.equal(rejection(() => orders.place(1, 1, request({ conId: 42 }), ACCOUNTS)).code, 200);
    assert.equal(rejection(() => orders.place(1, 1, request({ orderType: "VWAPX" }), ACCOUNTS)).code, 387);
    assert.match(rejection(() => orders.place(1, 1, request({ lmtPrice: undefined }), ACCOUNTS)).message, /^Order rejected - reason:/);
    assert.equal(rejection(() => orders.place(1, 1, request({ totalQuantity: 0 }), ACCOUNTS)).code, 201);
    assert.equal(rejection(() => orders.place(1, 1, request({ account: "DU9" }), ACCOUNTS)).code, 201);
    assert.equal(rejection(() => orders.place(1, 1, request({ orderType: "MOC", tif: "GTC" }), ACCOUNTS)).code, 113);
    const placed = orders.place(1, 1, request({}), ACCOUNTS);
    orders.cancel(placed);
    assert.equal(rejection(() => orders.place(1, 1, request({}), ACCOUNTS)).code, 103);
    assert.equal(rejection(() => orders.findForCancel(1, 1)).code, 10148);
    assert.deepEqual(rejection(() => orders.findForCancel(1, 55)), { code: 10147, message: "OrderId 55 that needs to be cancelled is not found." });
  });

  test("the same client and id modifies a working order; ids are per client; another client may cancel it", () => {
    const { orders } = book();
    const first = orders.place(1, 5, request({ lmtPrice: 1 }), ACCOUNTS);
    assert.equal(orders.place(1, 5, request({ lmtPrice: 2 }), ACCOUNTS), first);
    assert.equal(first.lmtPrice, 2);
    const other = orders.place(2, 5, request({}), ACCOUNTS);
    assert.notEqual(other.permId, first.permId);
    assert.equal(orders.maxOrderId(1), 5);
    assert.equal(rejection(() => orders.findForCancel(3, 5)).code, 10147, "an id two clients use is not guessed");
    orders.cancel(other);
    assert.equal(orders.findForCancel(3, 5), first, "the one working order with that id");
  });

  test("LMT fills when the price reaches the limit, STP when it reaches the stop; fills record an execution", () => {
    const { orders, prices } = book();
    const price = prices.price(AAPL);
    const limit = orders.place(1, 1, request({ lmtPrice: price * 0.9 }), ACCOUNTS);
    const stop = orders.place(1, 2, request({ action: "SELL", orderType: "STP", lmtPrice: undefined, auxPrice: price * 0.95 }), ACCOUNTS);
    const moc = orders.place(1, 3, request({ orderType: "MOC", lmtPrice: undefined }), ACCOUNTS);
    assert.deepEqual(orders.matchPrices(), []);
    prices.shock(-7, "AAPL");
    const fills = orders.matchPrices();
    assert.deepEqual(fills.map((f) => f.order.permId), [stop.permId]);
    assert.equal(stop.status, "Filled");
    assert.equal(stop.filled, 10);
    assert.equal(fills[0]!.execution.side, "SLD");
    assert.equal(fills[0]!.execution.time, "20261123 10:30:00 US/Eastern");
    prices.shock(-5, "AAPL");
    assert.deepEqual(orders.matchPrices().map((f) => f.order.permId), [limit.permId]);
    assert.ok(isWorking(moc), "MOC waits for a close");
    assert.equal(orders.executions().length, 2);
  });

  test("a TRAIL sell stop follows the price up and fills when it falls back by the trail", () => {
    const { orders, prices } = book();
    const trail = orders.place(1, 1, request({ action: "SELL", orderType: "TRAIL", lmtPrice: undefined, trailingPercent: 5 }), ACCOUNTS);
    const start = trail.trailStopPrice!;
    prices.shock(10, "AAPL");
    assert.deepEqual(orders.matchPrices(), []);
    assert.ok(trail.trailStopPrice! > start);
    prices.shock(-4, "AAPL");
    assert.deepEqual(orders.matchPrices(), []);
    prices.shock(-3, "AAPL");
    assert.equal(orders.matchPrices()[0]?.order, trail);
  });

  test("global cancel hits every working order; manual ones bind to negative ids", () => {
    const { orders } = book();
    orders.seed(7, ACCOUNTS, ["Growth"]);
    const manual = orders.working().filter((o) => o.clientId === 0);
    assert.ok(manual.length > 0 && manual.every((o) => o.orderId === 0));
    orders.bindManualOrders();
    assert.deepEqual(manual.map((o) => o.orderId), manual.map((_, i) => -(i + 1)));
    const count = orders.working().length;
    assert.equal(orders.cancelAll().length, count);
    assert.equal(orders.working().length, 0);
    assert.deepEqual(orders.fillWorking(3), []);
  });
});
