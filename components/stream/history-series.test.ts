import { test } from "node:test";
import assert from "node:assert/strict";
import type { HistoryPoint } from "@/lib/stream";
import { appendPoints, groupBySeries } from "./history-series";

const at = (...times: number[]): HistoryPoint[] =>
  times.map((time) => ({ series: "firm", at: time, netLiquidation: time, dailyPnL: null }));

test("points are appended in time order; repeats and older points are skipped", () => {
  assert.deepEqual(appendPoints(at(1, 2), at(2, 1, 3)).map((p) => p.at), [1, 2, 3]);
});

test("a full series thins its older half and keeps every recent point", () => {
  const series = appendPoints(at(1, 2, 3, 4), at(5), 4);
  assert.deepEqual(series.map((p) => p.at), [1, 3, 4, 5]);
  assert.ok(appendPoints([], at(...Array.from({ length: 100 }, (_, i) => i)), 10).length <= 10);
});

test("points are grouped by series, each sorted by time", () => {
  const grouped = groupBySeries([...at(3, 1), { series: "DU1", at: 2, netLiquidation: 1, dailyPnL: 1 }]);
  assert.deepEqual(grouped.get("firm")?.map((p) => p.at), [1, 3]);
  assert.equal(grouped.get("DU1")?.length, 1);
});

