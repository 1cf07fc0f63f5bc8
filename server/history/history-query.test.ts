import { test } from "node:test";
import assert from "node:assert/strict";
import { thinEvenly } from "./history-query";

const point = (at: number) => ({ at, netLiquidation: at, maintMargin: null, initMargin: null, excessLiquidity: null, marginUtilisation: null, dailyPnL: null });

test("a series within the bound is returned whole", () => {
  const points = [point(1), point(2)];
  assert.deepEqual(thinEvenly(points, 0, 100, 2), points);
});

test("a longer series keeps the last point of each equal slice of the range, the range's end included", () => {
  const points = Array.from({ length: 101 }, (_, index) => point(index));
  const thinned = thinEvenly(points, 0, 100, 10);
  assert.deepEqual(thinned.map(({ at }) => at), [9, 19, 29, 39, 49, 59, 69, 79, 89, 100]);
});
