import { FIRM_SERIES, groupScope } from "@/lib/scope";
import { appendThinning, MAX_POINTS_PER_SERIES } from "@/lib/history-series";
import { type AccountRisk, type FirmRisk, type GroupRisk, type HistoryPoint } from "@/lib/stream";

/**
 * Net liquidation, daily P&L, maintenance margin and excess liquidity over the day, per account, per FA group (series id
 * `group:<name>`, as the group's scope) and firm-wide, each series bounded and thinned
 * with age (lib/history-series).
 */
export class IntradayHistory {
  private readonly series = new Map<string, HistoryPoint[]>();

  constructor(private readonly maxPointsPerSeries = MAX_POINTS_PER_SERIES) {
    if (maxPointsPerSeries < 4) throw new RangeError("maxPointsPerSeries must be at least 4");
  }

  /** Takes one sample of every account, group and the firm; returns the points it recorded. */
  sample(accounts: readonly AccountRisk[], groups: readonly GroupRisk[], firm: FirmRisk, at: number): HistoryPoint[] {
    const points: HistoryPoint[] = [];
    for (const { accountId, figures } of accounts) points.push(pointOf(accountId, figures, at));
    for (const { name, figures } of groups) points.push(pointOf(groupScope(name), figures, at));
    points.push(pointOf(FIRM_SERIES, firm.figures, at));
    const recorded = points.filter((point) => point.netLiquidation !== null || point.dailyPnL !== null);
    for (const point of recorded) this.append(point);
    return recorded;
  }

  /** Forgets the series of accounts and groups that no longer exist. */
  retain(seriesIds: ReadonlySet<string>): void {
    for (const id of this.series.keys()) {
      if (id !== FIRM_SERIES && !seriesIds.has(id)) this.series.delete(id);
    }
  }

  /** Every point of the given series. */
  points(seriesIds: ReadonlySet<string>): HistoryPoint[] {
    return [...seriesIds].flatMap((id) => this.series.get(id) ?? []);
  }

  private append(point: HistoryPoint): void {
    let points = this.series.get(point.series);
    if (!points) {
      points = [];
      this.series.set(point.series, points);
    }
    appendThinning(points, point, this.maxPointsPerSeries);
  }
}

function pointOf(series: string, figures: AccountRisk["figures"], at: number): HistoryPoint {
  return {
    series,
    at,
    netLiquidation: figures.netLiquidation?.value ?? null,
    dailyPnL: figures.dailyPnL?.value ?? null,
    maintMargin: figures.maintMargin?.value ?? null,
    excessLiquidity: figures.excessLiquidity?.value ?? null,
  };
}
