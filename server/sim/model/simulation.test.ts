import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Simulation } from "./simulation";

function snapshot(simulation: Simulation) {
  return simulation.accountIds.map((id) => simulation.figures(id));
}

describe("simulation", () => {
  test("the same seed and the same number of ticks give the same numbers", () => {
    const a = new Simulation(42, 4);
    const b = new Simulation(42, 4);
    assert.deepEqual(snapshot(a), snapshot(b));
    for (let i = 0; i < 50; i++) {
      a.tick();
      b.tick();
    }
    assert.deepEqual(snapshot(a), snapshot(b));
    assert.deepEqual(a.portfolio, b.portfolio);
  });

  test("another seed gives another portfolio and another price path", () => {
    const a = new Simulation(1, 3);
    const b = new Simulation(2, 3);
    assert.notDeepEqual(snapshot(a), snapshot(b));
  });

  test("the price path does not depend on the number of accounts", () => {
    const few = new Simulation(9, 2);
    const many = new Simulation(9, 20);
    for (let i = 0; i < 10; i++) {
      few.tick();
      many.tick();
    }
    const aapl = few.portfolio.accounts.flatMap((a) => a.positions).find((p) => p.instrument.secType === "STK")!.instrument;
    assert.equal(few.prices.price(aapl), many.prices.price(aapl));
  });

  test("prices move with ticks and figures follow", () => {
    const simulation = new Simulation(7, 3);
    const before = simulation.figures(simulation.accountIds[0]!);
    simulation.tick();
    assert.equal(simulation.tickCount, 1);
    assert.notEqual(simulation.figures(simulation.accountIds[0]!).netLiquidation, before.netLiquidation);
  });

  test("accounts are DU1000001.. under the FA master DF1000000, with FA groups of existing accounts", () => {
    const simulation = new Simulation(7, 5);
    assert.deepEqual(simulation.accountIds, ["DU1000001", "DU1000002", "DU1000003", "DU1000004", "DU1000005"]);
    assert.equal(simulation.portfolio.masterAccount, "DF1000000");
    for (const name of ["Growth", "Income"]) {
      const group = simulation.group(name)!;
      assert.ok(group.accounts.length > 0 && group.accounts.length < 5, `${name} is a proper subset`);
      assert.ok(group.accounts.every((id) => simulation.hasAccount(id)));
    }
    assert.equal(simulation.group("Nope"), undefined);
  });

  test("every account holds stocks, options, futures, in USD and EUR", () => {
    const simulation = new Simulation(7, 6);
    for (const account of simulation.portfolio.accounts) {
      const types = new Set(account.positions.map((p) => p.instrument.secType));
      assert.deepEqual([...types].sort(), ["FUT", "OPT", "STK"], account.id);
      assert.ok(account.positions.some((p) => p.instrument.currency === "EUR"), `${account.id} holds EUR instruments`);
      assert.ok(account.cash.get("EUR") !== 0, `${account.id} holds EUR cash`);
    }
  });

  test("cushion differs across accounts: the leveraged one runs near the usual margin warning but far from a deficit, one is comfortable", () => {
    const simulation = new Simulation(7, 5);
    const cushions = snapshot(simulation).map((f) => f.cushion);
    assert.ok(Math.min(...cushions) < 0.56 && Math.min(...cushions) > 0.4, `lowest cushion ${Math.min(...cushions)}`);
    assert.ok(Math.max(...cushions) > 0.6, `highest cushion ${Math.max(...cushions)}`);
  });

  test("a seeded book is one a desk would keep: no futures line carries half its account's net liquidation", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const simulation = new Simulation(seed, 6);
      for (const account of simulation.portfolio.accounts) {
        const { netLiquidation } = simulation.figures(account.id);
        for (const { instrument, quantity } of account.positions.filter((p) => p.instrument.secType === "FUT")) {
          const notional = Math.abs(quantity) * simulation.prices.price(instrument) * instrument.multiplier * simulation.prices.fxRate(instrument.currency);
          assert.ok(notional < 0.5 * netLiquidation, `seed ${seed} ${account.id} ${instrument.symbol}: ${Math.round(notional)} of ${Math.round(netLiquidation)}`);
        }
      }
    }
  });

  test("a market-wide shock moves stocks and futures but not currency rates; a symbol shock moves only it", () => {
    const simulation = new Simulation(7, 2);
    const eur = simulation.prices.fxRate("EUR");
    const account = simulation.portfolio.accounts[0]!;
    const stock = account.positions.find((p) => p.instrument.secType === "STK")!.instrument;
    const price = simulation.prices.price(stock);
    simulation.shock(-10);
    assert.ok(Math.abs(simulation.prices.price(stock) - price * 0.9) < 1e-9);
    assert.equal(simulation.prices.fxRate("EUR"), eur);
    simulation.shock(2, "EUR");
    assert.ok(Math.abs(simulation.prices.fxRate("EUR") - eur * 1.02) < 1e-12);
    assert.throws(() => simulation.shock(1, "NOPE"), /no instrument/);
  });

  test("the leveraged account comes through a 15 % crash; with its requirements raised as well, its excess liquidity goes below zero", () => {
    const simulation = new Simulation(7, 3);
    const leveraged = simulation.accountIds[1]!;
    simulation.shock(-15);
    assert.ok(snapshot(simulation).every((f) => f.excessLiquidity > 0), "a desk's book survives a crash it plans for");
    simulation.setMarginMultiplier(leveraged, 2.5);
    const squeezed = simulation.figures(leveraged);
    assert.ok(squeezed.excessLiquidity < 0 && squeezed.highestSeverity === 3, `excess liquidity ${squeezed.excessLiquidity}`);
  });

  test("a margin multiplier raises one account's requirements and lowers its excess liquidity; 1 restores them", () => {
    const simulation = new Simulation(7, 3);
    const [squeezed, other] = simulation.accountIds as [string, string];
    const before = simulation.figures(squeezed);
    const untouched = simulation.figures(other);
    simulation.setMarginMultiplier(squeezed, 2);
    const stressed = simulation.figures(squeezed);
    assert.ok(Math.abs(stressed.maintMargin - 2 * before.maintMargin) < 0.02);
    assert.ok(Math.abs(stressed.excessLiquidity - (before.excessLiquidity - before.maintMargin)) < 0.02);
    assert.equal(stressed.netLiquidation, before.netLiquidation);
    assert.deepEqual(simulation.figures(other), untouched);
    simulation.setMarginMultiplier(squeezed, 1);
    assert.deepEqual(simulation.figures(squeezed), before);
    assert.throws(() => simulation.setMarginMultiplier(squeezed, 0.5), RangeError);
    assert.throws(() => simulation.setMarginMultiplier("DU9999999", 2), /unknown account/);
  });
});
