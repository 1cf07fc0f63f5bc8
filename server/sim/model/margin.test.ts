import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FUTURES, OPTIONS, US_STOCKS, type OptionInstrument } from "./instruments";
import { currencyBalanceMargin, positionMargin, stressMargin } from "./margin";

const aapl = US_STOCKS.find((s) => s.symbol === "AAPL")!;
const es = FUTURES.find((f) => f.symbol === "ES")!;
const option = (right: "C" | "P"): OptionInstrument => ({ ...OPTIONS.find((o) => o.right === right)!, strike: 100 });

describe("margin rules", () => {
  test("long stock: 50 % initial, 25 % maintenance", () => {
    assert.deepEqual(positionMargin(aapl, 100, 200), { initial: 10_000, maintenance: 5_000 });
  });

  test("short stock: 50 % initial, 30 % maintenance of the absolute value", () => {
    assert.deepEqual(positionMargin(aapl, -100, 200), { initial: 10_000, maintenance: 6_000 });
  });

  test("long options need no margin", () => {
    assert.deepEqual(positionMargin(option("C"), 5, 3, 100), { initial: 0, maintenance: 0 });
  });

  test("short call: premium + max(20 % underlying − OTM, 10 % underlying), per share × 100", () => {
    // Underlying 95, strike 100: OTM 5; 20 % × 95 − 5 = 14 beats 10 % × 95 = 9.5; (2 + 14) × 100 × 3.
    const margin = positionMargin(option("C"), -3, 2, 95);
    assert.ok(Math.abs(margin.maintenance - 4_800) < 1e-9);
    assert.equal(margin.initial, margin.maintenance);
  });

  test("short put far out of the money falls back to 10 % of the strike", () => {
    // Underlying 150, strike 100: OTM 50; 20 % × 150 − 50 = −20 < 10 % × 100 = 10; (0.5 + 10) × 100.
    assert.ok(Math.abs(positionMargin(option("P"), -1, 0.5, 150).maintenance - 1_050) < 1e-9);
  });

  test("futures: a share of notional, long or short", () => {
    const notional = 2 * 5_000 * es.multiplier;
    const margin = positionMargin(es, -2, 5_000);
    assert.ok(Math.abs(margin.initial - 0.075 * notional) < 1e-6);
    assert.ok(Math.abs(margin.maintenance - 0.06 * notional) < 1e-6);
  });

  test("only a borrowed (negative) currency balance needs margin", () => {
    assert.deepEqual(currencyBalanceMargin(50_000), { initial: 0, maintenance: 0 });
    const short = currencyBalanceMargin(-100_000);
    assert.ok(Math.abs(short.initial - 4_000) < 1e-9 && Math.abs(short.maintenance - 3_000) < 1e-9);
  });
});

test("a margin stress multiplies both requirements and refuses a multiplier outside 1-1000", () => {
  assert.deepEqual(stressMargin({ initial: 100, maintenance: 60 }, 2.5), { initial: 250, maintenance: 150 });
  assert.deepEqual(stressMargin({ initial: 100, maintenance: 60 }, 1), { initial: 100, maintenance: 60 });
  for (const bad of [0.5, 0, -1, Number.NaN, 1001]) assert.throws(() => stressMargin({ initial: 1, maintenance: 1 }, bad), RangeError);
});
