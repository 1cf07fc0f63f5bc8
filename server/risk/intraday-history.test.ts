import { FIRM_SERIES } from "@/lib/scope";
import { test } from "node:test";
import assert from "node:assert/strict";
import { type AccountRisk, type FirmRisk } from "@/lib/stream";
import { IntradayHistory } from "./intraday-history";

const account = (id: string, nlv: number): AccountRisk => ({
  accountId: id,
  currency: "USD",
  figures: { netLiquidation: { value: nlv, changedAt: 0 }, maintMargin: { value: nlv / 10, changedAt: 0 } },
});
const firm = (nlv: number): FirmRisk => ({
  currency: "USD",
  figures: { netLiquidation: { value: nlv, changedAt: 0 } },
  accountCount: 1,
  excludedAccounts: [],
});

test("samples every account, group and the firm", () => {
  const history = new IntradayHistory();
  const points = history.sample([account("DU1", 10)], [{ ...firm(7), name: "G" }], firm(10), 5);
  assert.deepEqual(points, [
    { series: "DU1", at: 5, netLiquidation: 10, dailyPnL: null, maintMargin: 1, excessLiquidity: null },
    { series: "group:G", at: 5, netLiquidation: 7, dailyPnL: null, maintMargin: null, excessLiquidity: null },
    { series: FIRM_SERIES, at: 5, netLiquidation: 10, dailyPnL: null, maintMargin: null, excessLiquidity: null },
  ]);
});

test("skips series with nothing to plot yet", () => {
  const history = new IntradayHistory();
  const empty: AccountRisk = { accountId: "DU1", currency: null, figures: {} };
  assert.deepEqual(history.sample([empty], [], { ...firm(0), figures: {} }, 1), []);
});

test("thins the older half when a series is full, keeping the newest points", () => {
  const history = new IntradayHistory(8);
  for (let t = 0; t < 20; t++) history.sample([], [], firm(t), t);
  const times = history.points(new Set([FIRM_SERIES])).map((point) => point.at);
  assert.ok(times.length <= 8, `at most 8 points, got ${times.length}`);
  assert.equal(times.at(-1), 19);
  assert.equal(times.at(-2), 18, "recent points are kept at full resolution");
  assert.deepEqual([...times].sort((a, b) => a - b), times, "still in time order");
  assert.equal(times[0], 0, "the start of the day is kept");
});

test("forgets accounts that are no longer followed but never the firm", () => {
  const history = new IntradayHistory();
  history.sample([account("DU1", 1), account("DU2", 2)], [], firm(3), 1);
  history.retain(new Set(["DU2"]));
  assert.deepEqual(history.points(new Set(["DU1", "DU2", FIRM_SERIES])).map((point) => point.series), ["DU2", FIRM_SERIES]);
});
