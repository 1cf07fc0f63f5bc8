import type { FIGURE_ALERT_RULES } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FigureSet } from "@/lib/figures";
import { ratio } from "../account-figures";
import type { Reading } from "./alert-book";

export type FigureRule = (typeof FIGURE_ALERT_RULES)[number];

/** The figures of one scope as the value rules read them. */
export interface ScopeReading {
  currency: string | null;
  figures: FigureSet;
  /** The highest net liquidation seen today, the base of the drawdown. */
  intradayHigh: number | null;
}

/** A figure's value; null when it is unavailable or not reported yet. */
const valueOf = (figures: FigureSet, key: keyof FigureSet): number | null => figures[key]?.value ?? null;

const orNull = (value: number | undefined): number | null => value ?? null;

/** What each figure rule reads, in its unit (lib/alerts): losses are positive amounts. */
export function figureRuleValue(rule: FigureRule, { figures, intradayHigh }: ScopeReading): number | null {
  const netLiq = valueOf(figures, "netLiquidation");
  const dailyPnL = valueOf(figures, "dailyPnL");
  switch (rule) {
    case "marginUtilisation":
      return valueOf(figures, "marginUtilisation");
    case "cushion":
      return valueOf(figures, "cushion");
    case "excessLiquidity":
      return valueOf(figures, "excessLiquidity");
    case "excessLiquidityPct":
      return orNull(ratio(valueOf(figures, "excessLiquidity"), netLiq));
    case "dailyLoss":
      return dailyPnL === null ? null : -dailyPnL;
    case "dailyLossPct":
      // Against the day's starting net liquidation, which today's P&L has since moved.
      return dailyPnL === null || netLiq === null ? null : orNull(ratio(-dailyPnL, netLiq - dailyPnL));
    case "drawdownPct":
      return netLiq === null ? null : orNull(ratio((intradayHigh ?? netLiq) - netLiq, intradayHigh ?? netLiq));
  }
}

/** One reading per figure rule for a scope. */
export const figureReading = (rule: FigureRule, scope: ScopeReading): Reading => ({
  subject: null,
  value: figureRuleValue(rule, scope),
  currency: scope.currency,
});

/**
 * Concentration readings of a scope, from the engine's exposure: each underlying, and each
 * currency other than the scope's base, as a share of net liquidation. Security types are
 * never a concentration (exposure.ts).
 */
export function concentrationReadings(exposure: Exposure): Reading[] {
  const readings: Reading[] = [];
  for (const bucket of exposure.byUnderlying) readings.push({ subject: bucket.key, value: bucket.shareOfNetLiq });
  for (const bucket of exposure.byCurrency) {
    if (bucket.key !== exposure.currency) readings.push({ subject: `currency ${bucket.key}`, value: bucket.shareOfNetLiq });
  }
  return readings;
}
