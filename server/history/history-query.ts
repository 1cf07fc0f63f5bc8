import { rangeStart, type HistoryResponse, type HistoryRange, type StoredFigures } from "@/lib/history";
import { MAX_POINTS_PER_SERIES } from "@/lib/history-series";
import type { ScopeId } from "@/lib/scope";
import type { StoreClient } from "@/server/store/database";

/** One scope's stored figures over a range, oldest first, thinned to at most `maxPoints`. */
export async function readHistory(client: StoreClient, scope: ScopeId, range: HistoryRange, now: number, maxPoints = MAX_POINTS_PER_SERIES): Promise<HistoryResponse> {
  const from = rangeStart(range, now);
  const rows = await client.figureSample.findMany({
    where: { scope, at: { gte: new Date(from), lte: new Date(now) } },
    orderBy: { at: "asc" },
    select: { at: true, currency: true, netLiquidation: true, maintMargin: true, initMargin: true, excessLiquidity: true, marginUtilisation: true, dailyPnL: true },
  });
  const points = rows.map(({ at, currency: _currency, ...figures }) => ({ ...figures, at: at.getTime() }));
  return { scope, range, from, to: now, currency: rows.at(-1)?.currency ?? null, points: thinEvenly(points, from, now, maxPoints) };
}

/**
 * At most `maxPoints` points spread over [from, to]: the span is cut into that many equal
 * slices and the last point of each is kept, so a series keeps its shape and its latest value.
 */
export function thinEvenly(points: readonly StoredFigures[], from: number, to: number, maxPoints: number): StoredFigures[] {
  if (points.length <= maxPoints) return [...points];
  const width = Math.max(1, (to - from) / maxPoints);
  const kept: StoredFigures[] = [];
  let lastSlice = Number.NaN;
  for (const point of points) {
    const slice = Math.min(Math.floor((point.at - from) / width), maxPoints - 1);
    if (slice === lastSlice) kept[kept.length - 1] = point;
    else kept.push(point);
    lastSlice = slice;
  }
  return kept;
}
