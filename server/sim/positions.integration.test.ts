import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "@/server/testing/wait-for";
import { startSimGateway, type SimGateway, type SimPosition } from "./gateway";
import { RecordingClient, type PositionMessage } from "./testing/ib-client";

const key = (p: { account: string; conId: number }) => `${p.account}:${p.conId}`;

/** What the client decoded, in the terms of SimPosition. */
const asSim = (m: PositionMessage) => ({
  account: m.account,
  conId: m.contract.conId,
  symbol: m.contract.symbol,
  secType: m.contract.secType,
  localSymbol: m.contract.localSymbol,
  currency: m.contract.currency,
  position: m.pos,
  avgCost: m.avgCost,
});
const simLine = (p: SimPosition) => ({
  account: p.account,
  conId: p.conId,
  symbol: p.symbol,
  secType: p.secType,
  localSymbol: p.localSymbol,
  currency: p.currency,
  position: p.position,
  avgCost: p.avgCost,
});

describe("positions, positions multi and P&L single with the real @stoqey/ib client", () => {
  let sim: SimGateway;
  let nextClientId = 1;
  const clients: RecordingClient[] = [];
  const connectClient = async () => {
    const client = await RecordingClient.connect(sim.host, sim.port, nextClientId++);
    clients.push(client);
    return client;
  };

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 7, accounts: 3, tickMs: 0 });
  });
  after(async () => {
    for (const client of clients) client.disconnect();
    await sim.close();
  });

  test("reqPositions: every position of every account, as positions() says, then positionEnd", async () => {
    const client = await connectClient();
    client.ib.reqPositions();
    await waitFor("position end", () => client.positionEnds === 1);
    const expected = sim.positions();
    assert.ok(expected.length >= 3 * 8, `${expected.length} positions`);
    assert.deepEqual(client.positions.map(asSim), expected.map(simLine));
    assert.deepEqual(new Set(expected.map((p) => p.account)), new Set(sim.accounts));
    client.ib.cancelPositions();
  });

  test("contracts carry IB's position fields: options, futures, stocks and the EUR.USD cash line", async () => {
    const client = await connectClient();
    client.ib.reqPositions();
    await waitFor("position end", () => client.positionEnds === 1);
    const of = (secType: string) => client.positions.find((p) => p.contract.secType === secType)!;
    const option = of("OPT").contract;
    assert.match(option.localSymbol!, /^[A-Z]+ +\d{6}[CP]\d{8}$/);
    assert.equal(option.multiplier, 100);
    assert.ok(option.strike! > 0 && ["C", "P"].includes(String(option.right)) && /^\d{8}$/.test(option.lastTradeDateOrContractMonth!));
    assert.equal(option.exchange, "", "IB leaves the exchange of derivatives empty");
    const future = of("FUT").contract;
    assert.ok(future.multiplier! > 1 && /^\d{8}$/.test(future.lastTradeDateOrContractMonth!));
    const stock = client.positions.find((p) => p.contract.symbol === "AAPL" || p.contract.exchange === "NASDAQ");
    if (stock) assert.equal(stock.contract.tradingClass, "NMS");
    const cash = of("CASH");
    assert.deepEqual(
      [cash.contract.symbol, cash.contract.currency, cash.contract.exchange, cash.contract.localSymbol],
      ["EUR", "USD", "IDEALPRO", "EUR.USD"],
    );
    const [derivative] = sim.positions().filter((p) => p.secType === "OPT");
    const message = client.positions.find((p) => key({ account: p.account, conId: p.contract.conId! }) === key(derivative!))!;
    assert.equal(message.avgCost, derivative!.avgCost, "avgCost per contract (price × multiplier)");
    client.ib.cancelPositions();
  });

  test("reqPositionsMulti for one account, for all (\"\") and for an FA group; an unknown account is refused", async () => {
    const client = await connectClient();
    const account = sim.accounts[1]!;
    client.ib.reqPositionsMulti(5, account, "");
    client.ib.reqPositionsMulti(6, "", "");
    const growth = sim.groups.find((g) => g.name === "Growth")!;
    client.ib.reqPositionsMulti(7, "Growth", "");
    await waitFor("ends", () => [5, 6, 7].every((id) => client.positionMultiEnds.includes(id)));
    const of = (reqId: number) => client.positions.filter((p) => p.reqId === reqId);
    assert.deepEqual(of(5).map(asSim), sim.positions(account).map(simLine));
    assert.ok(of(5).every((p) => p.modelCode === ""));
    assert.equal(of(6).length, sim.positions().length);
    assert.deepEqual(new Set(of(7).map((p) => p.account)), new Set(growth.accounts));

    client.ib.reqPositionsMulti(8, "DU9999999", "");
    await waitFor("error", () => client.errors.find((e) => e.reqId === 8));
    assert.equal(client.errors.find((e) => e.reqId === 8)!.code, 321);
    for (const id of [5, 6, 7]) client.ib.cancelPositionsMulti(id);
  });

  test("a trade pushes position updates to both kinds of subscriber; closing sends pos 0; cancel stops them", async () => {
    const client = await connectClient();
    const account = sim.accounts[0]!;
    const other = sim.accounts[2]!;
    client.ib.reqPositions();
    client.ib.reqPositionsMulti(9, account, "");
    await waitFor("both lists", () => client.positionEnds === 1 && client.positionMultiEnds.includes(9));
    const listed = client.positions.length;

    const stock = sim.positions(account).find((p) => p.secType === "STK" && p.currency === "USD")!;
    const changed = sim.trade(account, stock.conId, stock.position + 100);
    assert.deepEqual(changed.map((p) => p.position), [stock.position + 100]);
    await waitFor("updates", () => client.positions.length === listed + 2);
    const updates = client.positions.slice(listed);
    assert.deepEqual(updates.map((u) => [u.reqId, u.account, u.contract.conId, u.pos]), [
      [undefined, account, stock.conId, stock.position + 100],
      [9, account, stock.conId, stock.position + 100],
    ]);
    assert.equal(updates[0]!.avgCost, sim.positions(account).find((p) => p.conId === stock.conId)!.avgCost);

    sim.trade(account, stock.conId, 0);
    await waitFor("close", () => client.positions.length === listed + 4);
    assert.deepEqual(client.positions.slice(-2).map((u) => [u.reqId, u.pos, u.avgCost]), [
      [undefined, 0, 0],
      [9, 0, 0],
    ]);
    assert.ok(!sim.positions(account).some((p) => p.conId === stock.conId), "a closed position is no longer listed");

    // A trade of another account reaches reqPositions only.
    const foreign = sim.positions(other).find((p) => p.secType === "STK")!;
    sim.trade(other, foreign.conId, foreign.position - 5);
    await waitFor("foreign update", () => client.positions.length === listed + 5);
    assert.equal(client.positions.at(-1)!.reqId, undefined);

    client.ib.cancelPositions();
    client.ib.cancelPositionsMulti(9);
    await client.sync();
    const afterCancel = client.positions.length;
    sim.trade(account, stock.conId, 10);
    await client.sync();
    assert.equal(client.positions.length, afterCancel);
  });

  test("a EUR stock trade moves the EUR.USD cash position too", async () => {
    const client = await connectClient();
    const account = sim.accounts[1]!;
    client.ib.reqPositionsMulti(10, account, "");
    await waitFor("list", () => client.positionMultiEnds.includes(10));
    const listed = client.positions.length;
    const eurStock = sim.positions(account).find((p) => p.secType === "STK" && p.currency === "EUR")!;
    const cashBefore = sim.positions(account).find((p) => p.secType === "CASH")!.position;
    const changed = sim.trade(account, eurStock.conId, eurStock.position + 50);
    assert.deepEqual(changed.map((p) => p.secType), ["STK", "CASH"]);
    await waitFor("two updates", () => client.positions.length === listed + 2);
    const cash = client.positions.at(-1)!;
    assert.equal(cash.contract.localSymbol, "EUR.USD");
    assert.ok(cash.pos < cashBefore, "buying EUR stock spends EUR");
    client.ib.cancelPositionsMulti(10);
  });

  test("reqPnLSingle equals positions() for each kind, changes after step(), follows a trade, stops on cancel", async () => {
    const client = await connectClient();
    const account = sim.accounts[2]!;
    const picks = ["STK", "OPT", "FUT", "CASH"].map((secType) => sim.positions(account).find((p) => p.secType === secType)!);
    picks.forEach((p, i) => client.ib.reqPnLSingle(100 + i, account, "", p.conId));
    await waitFor("first P&L of each", () => picks.every((_, i) => client.pnlSingle.some((l) => l.reqId === 100 + i)));
    const expected = (reqId: number, p: SimPosition) => ({
      reqId,
      pos: p.position,
      daily: p.dailyPnL,
      unrealized: p.unrealizedPnL,
      realized: p.realizedPnL,
      value: p.value,
    });
    const current = (conId: number) => sim.positions(account).find((p) => p.conId === conId)!;
    const latest = (reqId: number) => client.pnlSingle.filter((l) => l.reqId === reqId).at(-1);
    picks.forEach((p, i) => assert.deepEqual(latest(100 + i), expected(100 + i, current(p.conId))));

    const count = client.pnlSingle.length;
    sim.step();
    await client.sync();
    assert.equal(client.pnlSingle.length, count + 4, "each changed once");
    picks.forEach((p, i) => assert.deepEqual(latest(100 + i), expected(100 + i, current(p.conId))));
    assert.notDeepEqual(latest(100), expected(100, picks[0]!));

    const [closed] = sim.trade(account, picks[0]!.conId, 0);
    await client.sync();
    assert.deepEqual(latest(100), expected(100, closed!));
    assert.deepEqual([closed!.position, closed!.value, closed!.unrealizedPnL], [0, 0, 0]);
    assert.notEqual(closed!.realizedPnL, 0, "closing realizes the P&L against the average price");

    picks.forEach((_, i) => client.ib.cancelPnLSingle(100 + i));
    await client.sync();
    const afterCancel = client.pnlSingle.length;
    sim.step(2);
    await client.sync();
    assert.equal(client.pnlSingle.length, afterCancel);
  });

  test("reqPnLSingle for an unknown account or a conId the account never held gets 321 addressed to it", async () => {
    const client = await connectClient();
    client.ib.reqPnLSingle(120, "DU9999999", "", 265598);
    client.ib.reqPnLSingle(121, sim.accounts[0]!, "", 424242);
    await waitFor("errors", () => [120, 121].every((id) => client.errors.some((e) => e.reqId === id)));
    for (const id of [120, 121]) assert.equal(client.errors.find((e) => e.reqId === id)!.code, 321);
    assert.match(client.errors.find((e) => e.reqId === 121)!.message, /424242/);
    assert.equal(client.pnlSingle.length, 0);
  });
});
