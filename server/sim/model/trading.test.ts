import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fillLot, InvalidTradeError } from "./trading";
import { Simulation } from "./simulation";

const near = (actual: number, expected: number, what: string, tolerance = 0.02) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

describe("trade bookkeeping", () => {
  test("fillLot: weighted average on increase, unchanged on reduce, fill price after a flip", () => {
    const lot = { quantity: 100, averagePrice: 10 };
    assert.equal(fillLot(lot, 100, 20), 0);
    assert.deepEqual(lot, { quantity: 200, averagePrice: 15 });
    assert.equal(fillLot(lot, -50, 30), 50);
    assert.deepEqual(lot, { quantity: 150, averagePrice: 15 });
    assert.equal(fillLot(lot, -200, 12), 150);
    assert.deepEqual(lot, { quantity: -50, averagePrice: 12 });
    assert.equal(fillLot(lot, 50, 11), -50);
    assert.deepEqual(lot, { quantity: 0, averagePrice: 0 });
  });

  test("every kind of trade keeps NLV and daily P&L unchanged and moves cash by the fill", () => {
    const simulation = new Simulation(11, 3);
    for (let i = 0; i < 5; i++) simulation.tick();
    for (const id of simulation.accountIds) {
      for (const position of simulation.positions(id)) {
        const before = simulation.figures(id);
        const target = position.secType === "CASH" ? Math.round(position.position / 2) : position.position === 1 ? 0 : -position.position;
        const changed = simulation.trade(id, position.conId, target);
        assert.ok(changed.length >= 1 && changed[0]!.conId === position.conId);
        const after = simulation.figures(id);
        near(after.netLiquidation, before.netLiquidation, `${id} ${position.localSymbol} NLV`);
        near(after.dailyPnL, before.dailyPnL, `${id} ${position.localSymbol} daily P&L`);
        near(after.unrealizedPnL + after.realizedPnL, before.unrealizedPnL + before.realizedPnL, `${id} ${position.localSymbol} unrealized + realized`, 0.05);
        assert.equal(simulation.positionLine(id, position.conId)!.figures.position, target);
      }
    }
  });

  test("closing a stock realizes (price − average) × quantity and pays the market value into cash", () => {
    const simulation = new Simulation(5, 1);
    const id = simulation.accountIds[0]!;
    const stock = simulation.positions(id).find((p) => p.secType === "STK" && p.currency === "USD" && p.position > 0)!;
    const cashBefore = simulation.figures(id).totalCash;
    simulation.trade(id, stock.conId, 0);
    const closed = simulation.positionLine(id, stock.conId)?.figures;
    assert.equal(closed!.position, 0);
    near(closed!.realizedPnL, stock.unrealizedPnL, "realized = the unrealized it had");
    near(closed!.dailyPnL, stock.dailyPnL, "the day's P&L stays with the closed position");
    near(simulation.figures(id).totalCash - cashBefore, stock.value, "cash receives the market value");
    assert.ok(!simulation.positions(id).some((p) => p.conId === stock.conId));
  });

  test("a future's trade moves no cash except the realized P&L of a reduction", () => {
    const simulation = new Simulation(5, 1);
    const id = simulation.accountIds[0]!;
    simulation.shock(3);
    const future = simulation.positions(id).find((p) => p.secType === "FUT")!;
    const cashBefore = simulation.figures(id).totalCash;
    simulation.trade(id, future.conId, future.position * 2);
    near(simulation.figures(id).totalCash, cashBefore, "opening more moves no cash");
    simulation.trade(id, future.conId, 0);
    const realized = simulation.positionLine(id, future.conId)!.figures.realizedPnL;
    assert.notEqual(realized, 0);
    if (future.currency === "USD") near(simulation.figures(id).totalCash - cashBefore, realized, "realized into cash");
  });

  test("invalid trades are refused without changing anything", () => {
    const simulation = new Simulation(5, 1);
    const id = simulation.accountIds[0]!;
    const stock = simulation.positions(id).find((p) => p.secType === "STK")!;
    assert.throws(() => simulation.trade(id, 999, 1), InvalidTradeError);
    assert.throws(() => simulation.trade(id, stock.conId, 1.5), /whole numbers/);
    assert.throws(() => simulation.trade(id, stock.conId, Number.NaN), InvalidTradeError);
    assert.throws(() => simulation.trade("DU9", stock.conId, 1), /unknown account/);
    assert.deepEqual(simulation.trade(id, stock.conId, stock.position), []);
    assert.equal(simulation.positionLine(id, stock.conId)!.figures.position, stock.position);
  });
});
