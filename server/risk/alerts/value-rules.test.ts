import { test } from "node:test";
import assert from "node:assert/strict";
import type { Exposure, ExposureBucket } from "@/lib/exposure";
import type { FigureKey, FigureSet } from "@/lib/figures";
import { concentrationReadings, figureRuleValue, type FigureRule } from "./value-rules";

const figures = (values: Partial<Record<FigureKey, number | null>>): FigureSet =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value, changedAt: 1 }]));

const read = (rule: FigureRule, values: Partial<Record<FigureKey, number | null>>, intradayHigh: number | null = null) =>
  figureRuleValue(rule, { currency: "USD", figures: figures(values), intradayHigh });

test("margin utilisation, cushion and excess liquidity are the engine's figures as they stand", () => {
  assert.equal(read("marginUtilisation", { marginUtilisation: 0.42 }), 0.42);
  assert.equal(read("cushion", { cushion: 0.07 }), 0.07);
  assert.equal(read("excessLiquidity", { excessLiquidity: -1200 }), -1200);
});

test("excess liquidity as a share of net liquidation", () => {
  assert.equal(read("excessLiquidityPct", { excessLiquidity: 3_000, netLiquidation: 100_000 }), 0.03);
  assert.equal(read("excessLiquidityPct", { excessLiquidity: 3_000, netLiquidation: 0 }), null, "no share of nothing");
});

test("a daily loss is a positive amount, and a share of the day's starting net liquidation", () => {
  assert.equal(read("dailyLoss", { dailyPnL: -2_500 }), 2_500);
  assert.equal(read("dailyLoss", { dailyPnL: 4_000 }), -4_000, "a gain is a negative loss: no alert");
  assert.equal(read("dailyLossPct", { dailyPnL: -5_000, netLiquidation: 95_000 }), 0.05);
});

test("drawdown is the fall from the intraday high", () => {
  assert.equal(read("drawdownPct", { netLiquidation: 90_000 }, 100_000), 0.1);
  assert.equal(read("drawdownPct", { netLiquidation: 90_000 }), 0, "no high yet: the current value is it");
});

test("a figure unavailable or not reported reads as unavailable, never as zero", () => {
  for (const rule of ["marginUtilisation", "cushion", "excessLiquidity", "excessLiquidityPct", "dailyLoss", "dailyLossPct", "drawdownPct"] as const) {
    assert.equal(read(rule, {}), null, `${rule} with nothing reported`);
    assert.equal(
      read(rule, { marginUtilisation: null, cushion: null, excessLiquidity: null, netLiquidation: null, dailyPnL: null }, 100),
      null,
      `${rule} with everything unavailable`,
    );
  }
});

test("concentration reads each underlying and each currency other than the base", () => {
  const bucket = (key: string, shareOfNetLiq: number | null): ExposureBucket => ({ key, long: 0, short: 0, net: 0, gross: 0, shareOfNetLiq, concentrated: false });
  const exposure = {
    currency: "USD",
    byUnderlying: [bucket("AAPL", 0.4), bucket("MSFT", null)],
    bySecType: [bucket("STK", 0.9)],
    byCurrency: [bucket("USD", 0.7), bucket("EUR", 0.3)],
  } as Pick<Exposure, "currency" | "byUnderlying" | "bySecType" | "byCurrency"> as Exposure;
  assert.deepEqual(concentrationReadings(exposure), [
    { subject: "AAPL", value: 0.4 },
    { subject: "MSFT", value: null },
    { subject: "currency EUR", value: 0.3 },
  ]);
});
