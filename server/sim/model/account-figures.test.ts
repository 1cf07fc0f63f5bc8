import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE_LEDGER, type AccountFigures } from "./account-figures";
import { Simulation } from "./simulation";

/** Each published figure is rounded on its own, so sums of them agree within a few cents. */
function close(actual: number, expected: number, what: string, tolerance = 0.03) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);
}

function checkCoherence(f: AccountFigures) {
  const id = f.accountId;
  close(f.netLiquidation, f.totalCash + f.stockMarketValue + f.optionMarketValue + f.futuresPnL, `${id} NLV = cash + market value`);
  close(f.equityWithLoan, f.netLiquidation - f.optionMarketValue, `${id} ELV = NLV − options`);
  close(f.excessLiquidity, f.equityWithLoan - f.maintMargin, `${id} excess = ELV − maint`);
  close(f.availableFunds, f.equityWithLoan - f.initMargin, `${id} available = ELV − init`);
  close(f.cushion, f.excessLiquidity / f.netLiquidation, `${id} cushion = excess / NLV`, 0.0006);
  close(f.leverage, f.grossPositionValue / f.netLiquidation, `${id} leverage = GPV / NLV`, 0.006);
  close(f.buyingPower, 4 * Math.max(0, f.availableFunds), `${id} buying power`, 0.05);
  assert.ok(f.initMargin >= f.maintMargin, `${id} init ≥ maint`);
  assert.ok(f.grossPositionValue >= Math.abs(f.stockMarketValue), `${id} GPV ≥ |stock value|`);

  const base = f.ledger.find((row) => row.currency === BASE_LEDGER)!;
  assert.equal(base.netLiquidationByCurrency, f.netLiquidation);
  assert.equal(base.cashBalance, f.totalCash);
  const converted = f.ledger
    .filter((row) => row.currency !== BASE_LEDGER)
    .reduce((sum, row) => sum + row.netLiquidationByCurrency * row.exchangeRate, 0);
  close(converted, f.netLiquidation, `${id} Σ NLV by currency × rate`, 20); // rates travel with 5 decimals
}

describe("account figures", () => {
  test("are coherent for every account, at the start, after ticks and after a crash", () => {
    const simulation = new Simulation(3, 9);
    const all = () => simulation.accountIds.map((id) => simulation.figures(id));
    all().forEach(checkCoherence);
    for (let i = 0; i < 200; i++) simulation.tick();
    all().forEach(checkCoherence);
    simulation.shock(-20);
    all().forEach(checkCoherence);
  });

  test("daily P&L is the change of NLV since the prior close, so a shock moves both by the same amount", () => {
    const simulation = new Simulation(5, 3);
    const id = simulation.accountIds[1]!;
    const before = simulation.figures(id);
    simulation.shock(3, "AAPL");
    simulation.shock(-4);
    const after = simulation.figures(id);
    close(after.dailyPnL - before.dailyPnL, after.netLiquidation - before.netLiquidation, "ΔP&L = ΔNLV", 0.02);
    close(after.unrealizedPnL - before.unrealizedPnL, after.netLiquidation - before.netLiquidation, "Δunrealized = ΔNLV", 0.02);
    assert.equal(after.realizedPnL, before.realizedPnL);
  });

  test("the ledger has USD first, then EUR, then BASE, with base rate 1", () => {
    const simulation = new Simulation(7, 1);
    const ledger = simulation.figures(simulation.accountIds[0]!).ledger;
    assert.deepEqual(ledger.map((row) => row.currency), ["USD", "EUR", "BASE"]);
    assert.equal(ledger[0]!.exchangeRate, 1);
    assert.ok(ledger[1]!.exchangeRate > 0.5 && ledger[1]!.exchangeRate < 2);
  });

  test("figures for 500 accounts are cheap to compute", () => {
    const simulation = new Simulation(11, 500);
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      simulation.tick();
      for (const id of simulation.accountIds) simulation.figures(id);
    }
    const perTick = (performance.now() - started) / 5;
    assert.ok(perTick < 100, `${perTick.toFixed(1)} ms per tick`);
  });
});
