import { appendThinning, MAX_POINTS_PER_SERIES } from "@/lib/history-series";
import type { HistoryPoint } from "@/lib/stream";

/**
 * Appends points to one series in time order, skipping any not newer than the last one
 * kept (a repeat after a resync), within the shared bound on points per series.
 */
export function appendPoints(
  series: readonly HistoryPoint[],
  points: readonly HistoryPoint[],
  max = MAX_POINTS_PER_SERIES,
): HistoryPoint[] {
  const next = [...series];
  for (const point of points) {
    const last = next.at(-1);
    if (last && point.at <= last.at) continue;
    appendThinning(next, point, max);
  }
  return next;
}

/** Groups points by series, each series in time order and bounded. */
export function groupBySeries(
  points: readonly HistoryPoint[],
  max = MAX_POINTS_PER_SERIES,
): Map<string, HistoryPoint[]> {
  const grouped = new Map<string, HistoryPoint[]>();
  for (const point of points) {
    const series = grouped.get(point.series);
    if (series) series.push(point);
    else grouped.set(point.series, [point]);
  }
  for (const [id, series] of grouped) {
    grouped.set(id, appendPoints([], series.sort((a, b) => a.at - b.at), max));
  }
  return grouped;
}

