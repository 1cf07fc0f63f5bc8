import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OrderType, SecType, type Contract, type Order } from "@stoqey/ib";
import { startSimGateway, type SimGateway } from "./gateway";
import { MESSAGES } from "./protocol";
import { RecordingClient } from "./testing/ib-client";
import { escapeNonAscii } from "@/server/tws-wire/unicode-escapes";
import { waitFor } from "@/server/testing/wait-for";

const AAPL: Contract = { conId: 265598, symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const working = (sim: SimGateway) => sim.orders().filter((o) => ["PreSubmitted", "Submitted", "PendingCancel"].includes(o.status));
/** No decoder complaint: every message had exactly the fields the client reads. */
const decodingProblems = (client: RecordingClient) => client.errors.filter((e) => /unprocessed data|Underrun|Decoding error/i.test(e.message));

describe("simulated gateway: orders", () => {
  let sim: SimGateway;
  const clients: RecordingClient[] = [];
  const connect = async (clientId: number) => {
    const client = await RecordingClient.connect(sim.host, sim.port, clientId);
    clients.push(client);
    return client;
  };

  before(async () => {
    sim = await startSimGateway({ port: 0, tickMs: 0, accounts: 4 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) {
      assert.deepEqual(decodingProblems(client), []);
      client.disconnect();
    }
    sim.setReadOnly(false);
  });
  after(async () => {
    await sim.close();
  });

  test("seeded working orders: clients 1 and 7 and manual ones, every common type, FA allocations, an algo", () => {
    const orders = working(sim);
    assert.ok(orders.length >= 12 && orders.length <= 20, `${orders.length} orders`);
    assert.deepEqual([...new Set(orders.map((o) => o.clientId))].sort(), [0, 1, 7]);
    for (const type of ["LMT", "STP", "STP LMT", "TRAIL", "MOC", "LOC", "MIDPRICE"]) assert.ok(orders.some((o) => o.orderType === type), type);
    assert.equal(new Set(orders.map((o) => o.permId)).size, orders.length);
    assert.ok(orders.some((o) => o.faGroup !== "" && o.account === ""));
    assert.ok(orders.filter((o) => o.clientId === 0).every((o) => o.orderId === 0));
    assert.ok(!orders.some((o) => o.clientId === 77));
  });

  test("reqAllOpenOrders shows every working order with its fields, decoded by @stoqey/ib", async () => {
    const client = await connect(77);
    client.ib.reqAllOpenOrders();
    await waitFor("openOrderEnd", () => client.openOrderEnds === 1);
    const expected = working(sim);
    assert.deepEqual(client.openOrders.map((m) => m.order.permId).sort(), expected.map((o) => o.permId).sort());
    for (const view of expected) {
      const { order, contract, orderState } = client.openOrders.find((m) => m.order.permId === view.permId)!;
      assert.equal(order.orderId, view.orderId);
      assert.equal(order.clientId, view.clientId);
      assert.equal(order.action, view.action);
      assert.equal(order.totalQuantity, view.totalQuantity);
      assert.equal(order.orderType, view.orderType);
      assert.equal(order.tif, view.tif);
      assert.equal(order.account, view.account);
      assert.equal(order.faGroup, view.faGroup);
      assert.equal(contract.symbol, view.symbol);
      assert.equal(orderState.status, view.status);
      if (view.lmtPrice !== null) assert.equal(order.lmtPrice, view.lmtPrice);
    }
    const algo = client.openOrders.find((m) => m.order.algoStrategy === "Adaptive");
    assert.deepEqual(algo?.order.algoParams, [{ tag: "adaptivePriority", value: "Normal" }]);
    const trail = client.openOrders.find((m) => m.order.orderType === OrderType.TRAIL);
    assert.ok(trail?.order.trailingPercent !== undefined && trail.order.trailStopPrice !== undefined);
  });

  test("reqOpenOrders: a client's own orders; client 0 binds the manual ones with negative ids", async () => {
    const one = await connect(1);
    one.ib.reqOpenOrders();
    await waitFor("openOrderEnd", () => one.openOrderEnds === 1);
    assert.ok(one.openOrders.length > 0);
    assert.ok(one.openOrders.every((m) => m.order.clientId === 1));
    assert.ok(one.nextValidIds[0]! > Math.max(...one.openOrders.map((m) => m.orderId)));

    const zero = await connect(0);
    zero.ib.reqOpenOrders();
    await waitFor("openOrderEnd", () => zero.openOrderEnds === 1);
    const manual = working(sim).filter((o) => o.clientId === 0);
    assert.equal(zero.openOrders.length, manual.length);
    assert.ok(zero.openOrders.every((m) => m.orderId < 0), "bound manual orders get negative ids");

    zero.ib.reqAutoOpenOrders(true);
    await zero.sync();
    const { permId } = sim.placeOrder({ account: sim.accounts[0]!, symbol: "KO", action: "BUY", quantity: 2, orderType: "LMT", lmtPrice: 1 });
    const announced = await waitFor("the new manual order", () => zero.openOrders.find((m) => m.order.permId === permId));
    assert.ok(announced.orderId < 0, "bound at once, with a negative id");
    assert.ok(!one.openOrders.some((m) => m.order.permId === permId), "an API client does not hear of manual orders");
    one.ib.reqAutoOpenOrders(true);
    await waitFor("321 for client 1", () => one.infos.find((i) => i.code === 321));
  });

  test("placeOrder is accepted into the book; cancelOrder answers Cancelled and 202", async () => {
    const client = await connect(5);
    const orderId = client.nextValidIds[0]!;
    const order: Order = { action: "BUY" as Order["action"], totalQuantity: 10, orderType: OrderType.LMT, lmtPrice: 100, tif: "GTC", account: sim.accounts[0], orderRef: "test", transmit: true };
    client.ib.placeOrder(orderId, AAPL, order);
    const submitted = await waitFor("Submitted", () => client.orderStatuses.find((s) => s.orderId === orderId && s.status === "Submitted"));
    assert.equal(client.openOrders.find((m) => m.orderId === orderId)?.order.lmtPrice, 100);
    const view = sim.orders().find((o) => o.permId === submitted.permId);
    assert.deepEqual({ clientId: view?.clientId, orderId: view?.orderId, status: view?.status, symbol: view?.symbol }, { clientId: 5, orderId, status: "Submitted", symbol: "AAPL" });

    client.ib.cancelOrder(orderId);
    await waitFor("Cancelled", () => client.orderStatuses.some((s) => s.orderId === orderId && s.status === "Cancelled"));
    await waitFor("202", () => client.errors.some((e) => e.code === 202 && e.reqId === orderId && e.message === "Order Canceled - reason:"));
    assert.equal(sim.orders().find((o) => o.permId === submitted.permId)?.status, "Cancelled");

    client.ib.cancelOrder(orderId);
    await waitFor("10148", () => client.errors.some((e) => e.code === 10148 && e.reqId === orderId));
    client.ib.placeOrder(orderId + 1, { ...AAPL, conId: 999 }, order);
    await waitFor("200", () => client.errors.some((e) => e.code === 200 && e.reqId === orderId + 1));
  });

  test("another client cancels an order it saw in reqAllOpenOrders; both clients hear of it", async () => {
    const owner = await connect(1);
    const other = await connect(2);
    const target = working(sim).find((o) => o.clientId === 1)!;
    other.ib.cancelOrder(target.orderId);
    await waitFor("canceller's status", () => other.orderStatuses.some((s) => s.permId === target.permId && s.status === "Cancelled" && s.clientId === 2));
    await waitFor("owner's status", () => owner.orderStatuses.some((s) => s.permId === target.permId && s.status === "Cancelled"));
    assert.ok(owner.errors.some((e) => e.code === 202 && e.reqId === target.orderId));
  });

  test("read-only mode refuses placeOrder, cancelOrder and reqGlobalCancel as TWS does", async () => {
    sim.setReadOnly(true);
    const client = await connect(6);
    const before = JSON.stringify(sim.orders());
    const id = client.nextValidIds[0]!;
    client.ib.placeOrder(id, AAPL, { action: "BUY" as Order["action"], totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 1, account: sim.accounts[0], transmit: true });
    client.ib.cancelOrder(working(sim)[0]!.orderId || 1);
    client.ib.reqGlobalCancel();
    await waitFor("three refusals", () => client.errors.filter((e) => e.code === 321 && e.message === MESSAGES.readOnlyApi).length + client.infos.filter((i) => i.code === 321).length >= 3);
    assert.ok(client.errors.some((e) => e.reqId === id && e.code === 321));
    await client.sync();
    assert.equal(JSON.stringify(sim.orders()), before);
  });

  test("an order crossed by the price fills: the owner hears Filled, execDetails and the commission; positions move", async () => {
    const client = await connect(3);
    const account = sim.accounts[0]!;
    const held = sim.positions(account).find((p) => p.conId === AAPL.conId)?.position ?? 0;
    const id = client.nextValidIds[0]!;
    client.ib.placeOrder(id, AAPL, { action: "BUY" as Order["action"], totalQuantity: 7, orderType: OrderType.LMT, lmtPrice: 100_000, account, transmit: true });
    await waitFor("Submitted", () => client.orderStatuses.some((s) => s.orderId === id));
    sim.step();
    await waitFor("Filled", () => client.orderStatuses.some((s) => s.orderId === id && s.status === "Filled" && s.filled === 7));
    await waitFor("execDetails", () => client.executions.find((e) => e.execution.orderId === id && e.reqId === -1));
    const execution = client.executions.find((e) => e.execution.orderId === id)!.execution;
    await waitFor("commission", () => client.commissions.find((c) => c.execId === execution.execId));
    assert.equal(execution.acctNumber, account);
    assert.equal(sim.positions(account).find((p) => p.conId === AAPL.conId)?.position, held + 7);
  });

  test("an FA-group order's fill is split over the group: one execDetails and commission per account, each its own execId", async () => {
    const client = await connect(8);
    const group = sim.groups[0]!;
    const id = client.nextValidIds[0]!;
    const before = new Map(group.accounts.map((a) => [a, sim.positions(a).find((p) => p.conId === AAPL.conId)?.position ?? 0]));
    client.ib.placeOrder(id, AAPL, { action: "BUY" as Order["action"], totalQuantity: 101, orderType: OrderType.LMT, lmtPrice: 100_000, account: "", faGroup: group.name, faMethod: "Equal", transmit: true });
    await waitFor("Submitted", () => client.orderStatuses.some((s) => s.orderId === id));
    assert.equal(client.openOrders.find((m) => m.orderId === id)?.order.faGroup, group.name);
    sim.step();
    await waitFor("every allocation", () => client.executions.filter((e) => e.execution.orderId === id).length === group.accounts.length);
    const executions = client.executions.filter((e) => e.execution.orderId === id).map((e) => e.execution);
    assert.deepEqual(executions.map((e) => e.acctNumber), group.accounts);
    assert.equal(executions.reduce((sum, e) => sum + (e.shares ?? 0), 0), 101);
    assert.equal(new Set(executions.map((e) => e.execId)).size, executions.length);
    await waitFor("commissions", () => executions.every((e) => client.commissions.some((c) => c.execId === e.execId)));
    for (const e of executions) {
      assert.equal(sim.positions(e.acctNumber!).find((p) => p.conId === AAPL.conId)?.position, before.get(e.acctNumber!)! + e.shares!);
    }
  });

  test("reqGlobalCancel cancels every order of the login, all client ids and manual ones, with orderStatus and 202", async () => {
    const owner = await connect(7);
    const risk = await connect(77);
    const hit = working(sim);
    assert.ok(hit.length > 0);
    risk.ib.reqGlobalCancel();
    await waitFor("every order cancelled", () => working(sim).length === 0 && risk.orderStatuses.filter((s) => s.status === "Cancelled").length === hit.length);
    assert.deepEqual(risk.orderStatuses.map((s) => s.permId).sort(), hit.map((o) => o.permId).sort());
    // A bound manual order's id -1 is also ERR_MSG's "no request" id: the client reports that 202 as info.
    await waitFor("202 for each", () => [...risk.errors, ...risk.infos].filter((e) => e.code === 202).length === hit.length);
    const ownOrders = hit.filter((o) => o.clientId === 7);
    await waitFor("owner told", () => owner.orderStatuses.filter((s) => s.status === "Cancelled").length === ownOrders.length);
    risk.ib.reqAllOpenOrders();
    await waitFor("openOrderEnd", () => risk.openOrderEnds === 1);
    assert.equal(risk.openOrders.length, 0);
  });
});

describe("order messages at every server version a client may negotiate", () => {
  // The versions where OPEN_ORDER, ORDER_STATUS, EXECUTION_DATA or COMPLETED_ORDER change layout.
  for (const version of [100, 131, 136, 144, 145, 150, 153, 162, 170, 177, 178, 184, 189, 193]) {
    test(`server version ${version}: placeOrder, openOrder, orderStatus, fills, executions and completed orders decode cleanly`, async () => {
      const sim = await startSimGateway({ port: 0, tickMs: 0, accounts: 2, maxServerVersion: version });
      const client = await RecordingClient.connect(sim.host, sim.port, 4);
      try {
        assert.equal(client.serverVersion, version);
        const id = client.nextValidIds[0]!;
        const account = sim.accounts[0]!;
        client.ib.placeOrder(id, AAPL, { action: "BUY" as Order["action"], totalQuantity: 4, orderType: OrderType.LMT, lmtPrice: 100_000, tif: "DAY", account, orderRef: "v-test", transmit: true });
        await waitFor("Submitted", () => client.orderStatuses.some((s) => s.orderId === id && s.status === "Submitted"));
        client.ib.reqAllOpenOrders();
        await waitFor("openOrderEnd", () => client.openOrderEnds === 1);
        for (const view of working(sim)) {
          const message = client.openOrders.find((m) => m.order.permId === view.permId);
          assert.ok(message, `order ${view.permId}`);
          assert.deepEqual(
            [message.order.orderId, message.order.clientId, message.order.totalQuantity, message.order.orderType, message.order.account, message.order.orderRef, message.orderState.status],
            [view.orderId, view.clientId, view.totalQuantity, view.orderType, view.account, asSentAt(version, view.orderRef), view.status],
          );
        }
        sim.step();
        await waitFor("Filled", () => client.orderStatuses.some((s) => s.orderId === id && s.status === "Filled" && s.remaining === 0));
        client.ib.reqExecutions(7, {});
        await waitFor("execDetailsEnd", () => client.executionEnds.includes(7));
        const execution = client.executions.find((e) => e.reqId === 7 && e.execution.orderId === id)?.execution;
        assert.deepEqual([execution?.shares, execution?.side, execution?.acctNumber, execution?.orderRef], [4, "BOT", account, "v-test"]);
        if (version >= 150) {
          client.ib.reqCompletedOrders(true);
          await waitFor("completedOrdersEnd", () => client.completedOrdersEnds === 1);
          const done = client.completedOrders.find((m) => m.order.permId === execution?.permId);
          assert.deepEqual([done?.orderState.status, done?.order.filledQuantity, done?.contract.symbol], ["Filled", 4, "AAPL"]);
        }
        await client.sync();
        assert.deepEqual(decodingProblems(client), []);
        assert.deepEqual(client.errors, []);
      } finally {
        client.disconnect();
        await sim.close();
      }
    });
  }
});

/** What the client sees of a text: escaped from server version 153 (ENCODE_MSG_ASCII7). */
function asSentAt(version: number, text: string): string {
  return version >= 153 ? escapeNonAscii(text) : text;
}
