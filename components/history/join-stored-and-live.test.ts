import { test } from "node:test";
import assert from "node:assert/strict";
import type { StoredFigures } from "@/lib/history";
import type { HistoryPoint } from "@/lib/stream";
import { joinStoredAndLive } from "./join-stored-and-live";

const stored = (...times: number[]): StoredFigures[] =>
  times.map((at) => ({ at, netLiquidation: at, dailyPnL: 0, maintMargin: 1, initMargin: 2, excessLiquidity: 3, marginUtilisation: 0.5 }));
const live = (series: string, ...times: number[]): HistoryPoint[] =>
  times.map((at) => ({ series, at, netLiquidation: -at, dailyPnL: 0, maintMargin: 1, excessLiquidity: 3 }));
/** Each point's time and where it came from: stored ones carry initMargin, live ones a series. */
const origins = (points: ReadonlyArray<StoredFigures | HistoryPoint>) => points.map((point) => [point.at, "series" in point ? "live" : "stored"]);

test("live points the store already has are left out: the line goes on from the newest stored point", () => {
  assert.deepEqual(origins(joinStoredAndLive("firm", stored(10, 20, 30), live("firm", 15, 25, 40, 50))), [
    [10, "stored"],
    [20, "stored"],
    [30, "stored"],
    [40, "live"],
    [50, "live"],
  ]);
});

test("an instant in both is drawn once, from the store; an instant repeated in the stream is drawn once", () => {
  const joined = joinStoredAndLive("firm", stored(10, 20), live("firm", 20, 30, 30, 40));
  assert.deepEqual(origins(joined), [
    [10, "stored"],
    [20, "stored"],
    [30, "live"],
    [40, "live"],
  ]);
  assert.equal(joined[1]!.netLiquidation, 20, "the stored point's figures, not the live one's");
});

test("a gap between the newest stored point and the first live one stays a gap: nothing is invented, nothing is dropped", () => {
  assert.deepEqual(origins(joinStoredAndLive("firm", stored(10, 20), live("firm", 500, 510))), [
    [10, "stored"],
    [20, "stored"],
    [500, "live"],
    [510, "live"],
  ]);
});

test("older downsampled stored points are all kept, however sparse, and live points never fill holes inside the stored part", () => {
  const downsampled = stored(0, 900, 1800, 1860, 1870, 1880);
  const joined = joinStoredAndLive("firm", downsampled, live("firm", 300, 600, 1875, 1890));
  assert.deepEqual(joined.map((point) => point.at), [0, 900, 1800, 1860, 1870, 1880, 1890]);
});

test("only the chart's own series is taken from the stream, in time order", () => {
  const mixed = [...live("group:Growth", 45, 35), ...live("DU1", 50), ...live("firm", 60, 40)];
  assert.deepEqual(origins(joinStoredAndLive("group:Growth", stored(30), mixed)), [
    [30, "stored"],
    [35, "live"],
    [45, "live"],
  ]);
});

test("with nothing stored the live series stands alone; with nothing live the stored one does", () => {
  assert.deepEqual(joinStoredAndLive("firm", [], live("firm", 2, 1)).map((point) => point.at), [1, 2]);
  assert.deepEqual(joinStoredAndLive("firm", stored(1, 2), []).map((point) => point.at), [1, 2]);
});
