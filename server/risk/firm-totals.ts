import { MONEY_FIGURES, type FigureSet } from "@/lib/figures";
import type { AccountRisk, FirmRisk } from "@/lib/stream";
import { figureState, ratioFigure, setFigure, utilisationFigure, type FigureState } from "./account-figures";
import type { RiskThresholds } from "./thresholds";

/**
 * Firm-wide totals: money figures summed over every account in the firm currency (the
 * currency most accounts report in), ratios recomputed from those sums. A total is shown
 * only once every included account has reported that figure, so a half-loaded book never
 * passes for a whole one; a total over an unavailable figure is unavailable, and a total
 * over a stale one is stale. `previous` keeps the change time of totals that did not move.
 */
export function firmTotals(
  accounts: Iterable<AccountRisk>,
  previous: FirmRisk | null,
  at: number,
  thresholds: RiskThresholds,
): FirmRisk {
  const all = [...accounts];
  const currency = dominantCurrency(all);
  const included = all.filter((account) => account.currency === currency);
  const excludedAccounts = all.filter((account) => account.currency !== currency).map((a) => a.accountId);
  const figures: FigureSet = { ...previous?.figures };

  for (const key of MONEY_FIGURES) setFigure(figures, key, sumIfComplete(included, key), at);
  const nlv = figures.netLiquidation;
  setFigure(figures, "cushion", ratioFigure(figures.excessLiquidity, nlv), at);
  setFigure(figures, "leverage", ratioFigure(figures.grossPositionValue, nlv), at);
  setFigure(figures, "marginUtilisation", utilisationFigure(figures, thresholds), at);
  return { currency, figures, accountCount: included.length, excludedAccounts };
}

function sumIfComplete(accounts: readonly AccountRisk[], key: (typeof MONEY_FIGURES)[number]): FigureState | undefined {
  if (accounts.length === 0) return undefined;
  let total: number | null = 0;
  let stale = false;
  for (const account of accounts) {
    const figure = account.figures[key];
    if (!figure) return undefined;
    total = total === null || figure.value === null ? null : total + figure.value;
    stale ||= figure.stale === true;
  }
  return figureState(total, stale);
}

function dominantCurrency(accounts: readonly AccountRisk[]): string | null {
  const counts = new Map<string, number>();
  for (const { currency } of accounts) {
    if (currency) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [currency, count] of counts) {
    const bestCount = best === null ? 0 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && best !== null && currency < best)) best = currency;
  }
  return best;
}
