import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { formatCents } from "./rounding";
import { Simulation } from "./simulation";

const cents = (actual: number, expected: number, what: string, tolerance = 0.011) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

describe("position P&L (reqPnLSingle semantics)", () => {
  test("value, daily and unrealized follow IB's definitions, in the position's own currency", () => {
    const simulation = new Simulation(7, 3);
    simulation.tick();
    const { prices } = simulation;
    for (const account of simulation.portfolio.accounts) {
      const lines = simulation.positionLines(account.id);
      for (const position of account.positions) {
        const { instrument, quantity, averagePrice } = position;
        const line = lines.find((l) => l.contract.conId === instrument.conId)!;
        const p = line.figures;
        const what = `${account.id} ${instrument.localSymbol}`;
        const units = quantity * instrument.multiplier;
        assert.equal(p.currency, instrument.currency);
        assert.equal(p.position, quantity);
        cents(p.value, prices.price(instrument) * units, `${what} value = pos × price × multiplier`);
        cents(p.avgCost, averagePrice * instrument.multiplier, `${what} avgCost per contract`, 1e-6);
        cents(p.unrealizedPnL, p.value - p.position * p.avgCost, `${what} unrealized = value − pos × avgCost`, 0.006);
        cents(p.dailyPnL, (prices.price(instrument) - prices.priorClose(instrument)) * units, `${what} daily vs prior close`);
        assert.equal(p.realizedPnL, 0, "nothing closed yet");
      }
    }
  });

  test("the EUR cash balance is a EUR.USD position in USD: value = balance × rate, daily from the prior rate", () => {
    const simulation = new Simulation(7, 2);
    simulation.shock(1.5, "EUR");
    const account = simulation.portfolio.accounts[0]!;
    const eur = simulation.positions(account.id).find((p) => p.secType === "CASH")!;
    const balance = account.cash.get("EUR")!;
    const rate = simulation.prices.fxRate("EUR");
    assert.deepEqual([eur.symbol, eur.localSymbol, eur.currency], ["EUR", "EUR.USD", "USD"]);
    assert.equal(eur.position, Math.round(balance * 100) / 100);
    cents(eur.value, balance * rate, "value");
    cents(eur.dailyPnL, balance * (rate - simulation.prices.priorFxRate("EUR")), "daily");
    cents(eur.unrealizedPnL, balance * (rate - account.currencies.get("EUR")!.averageRate), "unrealized", 0.05);
  });

  test("a position opened today measures its daily P&L from the fill price", () => {
    const simulation = new Simulation(7, 1);
    const id = simulation.accountIds[0]!;
    const held = new Set(simulation.positions(id).map((p) => p.conId));
    const fresh = simulation.portfolio.accounts[0]!.positions.length; // where the new position goes
    const conId = [265598, 272093, 3691937, 4815747, 8894].find((c) => !held.has(c))!;
    simulation.trade(id, conId, 100);
    const opened = simulation.positions(id).find((p) => p.conId === conId)!;
    assert.equal(opened.dailyPnL, 0, "no P&L at the fill");
    assert.equal(opened.unrealizedPnL, 0);
    const instrument = simulation.portfolio.accounts[0]!.positions[fresh]!.instrument;
    const fill = simulation.prices.price(instrument);
    simulation.shock(2, instrument.symbol);
    const moved = simulation.positions(id).find((p) => p.conId === conId)!;
    cents(moved.dailyPnL, (simulation.prices.price(instrument) - fill) * 100, "daily from the fill");
    cents(moved.dailyPnL, moved.unrealizedPnL, "opened today: daily = unrealized");
  });
});

describe("formatCents", () => {
  test("writes cent values that parse back to exactly the same number", () => {
    assert.deepEqual([0, -0, 17, -1234.5, 0.07, -0.01, 1e9 + 0.99].map(formatCents), ["0", "0", "17", "-1234.50", "0.07", "-0.01", "1000000000.99"]);
    for (let i = 0; i < 10_000; i++) {
      const value = Math.round((Math.random() - 0.5) * 2e9) / 100;
      assert.equal(Number.parseFloat(formatCents(value)), value);
    }
  });
});
