import type { FigureKey, FigureSet } from "@/lib/figures";

/**
 * Writes new values into a figure set, stamping `changedAt` only on values that really
 * changed, and keeps the derived margin utilisation (maintenance margin / net liquidation)
 * in step. Returns whether anything changed.
 */
export function applyValues(
  figures: FigureSet,
  values: Partial<Record<FigureKey, number>>,
  at: number,
): boolean {
  let changed = false;
  for (const key of Object.keys(values) as FigureKey[]) {
    changed = setFigure(figures, key, values[key]!, at) || changed;
  }
  if (changed) {
    const utilisation = ratio(figures.maintMargin?.value, figures.netLiquidation?.value);
    // No ratio means nothing, least of all the last one: a blown account must not look fine.
    if (utilisation === undefined) delete figures.marginUtilisation;
    else setFigure(figures, "marginUtilisation", utilisation, at);
  }
  return changed;
}

export function setFigure(figures: FigureSet, key: FigureKey, value: number, at: number): boolean {
  if (figures[key]?.value === value) return false;
  figures[key] = { value, changedAt: at };
  return true;
}

/** numerator / denominator, or undefined where it means nothing (no data, zero or negative base). */
export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined || denominator <= 0) return undefined;
  return numerator / denominator;
}
