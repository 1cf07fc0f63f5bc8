import type { Figure, FigureKey, FigureSet } from "@/lib/figures";
import type { IbReading } from "@/server/domain/events";
import type { RiskThresholds } from "./thresholds";
import { utilisationLevel } from "./verdicts";

/** What a figure says, without its time: a value (null: unavailable), whether it is stale, its level. */
export type FigureState = Pick<Figure, "value" | "stale" | "level">;

/** Below this (one cent, one hundredth of a unit) a base is no base: a ratio over it means nothing. */
const MIN_RATIO_BASE = 0.01;

export function figureState(value: number | null, stale: boolean): FigureState {
  return stale ? { value, stale: true } : { value };
}

/**
 * Writes IB's readings into a figure set and keeps the derived margin utilisation
 * (maintenance margin / net liquidation) in step. A number or null (IB's unset) replaces
 * the figure; a refused reading keeps the last value, marked stale. Returns the figures
 * that changed.
 */
export function applyValues(
  figures: FigureSet,
  values: Partial<Record<FigureKey, IbReading>>,
  at: number,
  thresholds: RiskThresholds,
): FigureKey[] {
  const changed: FigureKey[] = [];
  for (const key of Object.keys(values) as FigureKey[]) {
    const reading = values[key]!;
    const next = reading === "refused" ? figureState(figures[key]?.value ?? null, true) : figureState(reading, false);
    if (setFigure(figures, key, next, at)) changed.push(key);
  }
  // No ratio means nothing, least of all the last one: a blown account must not look fine.
  if (changed.length && setFigure(figures, "marginUtilisation", utilisationFigure(figures, thresholds), at)) changed.push("marginUtilisation");
  return changed;
}

/** Maintenance margin / net liquidation, with its level. */
export function utilisationFigure(figures: FigureSet, thresholds: RiskThresholds): FigureState | undefined {
  const utilisation = ratioFigure(figures.maintMargin, figures.netLiquidation);
  if (utilisation?.value === null || utilisation === undefined) return utilisation;
  return { ...utilisation, level: utilisationLevel(utilisation.value, thresholds) };
}

/**
 * Sets (or, given undefined, removes) one figure; `changedAt` moves only when the value
 * does. Returns whether anything changed.
 */
export function setFigure(figures: FigureSet, key: FigureKey, next: FigureState | undefined, at: number): boolean {
  const existing = figures[key];
  if (!next) {
    delete figures[key];
    return existing !== undefined;
  }
  if (existing && existing.value === next.value && existing.stale === next.stale && existing.level === next.level) return false;
  figures[key] = { ...next, changedAt: existing && existing.value === next.value ? existing.changedAt : at };
  return true;
}

/**
 * numerator / denominator as a figure: absent when an input is, unavailable when an input
 * is, stale when an input is; absent too where it means nothing (a zero or negative base).
 */
export function ratioFigure(numerator: FigureState | undefined, denominator: FigureState | undefined): FigureState | undefined {
  if (!numerator || !denominator) return undefined;
  const stale = Boolean(numerator.stale || denominator.stale);
  if (numerator.value === null || denominator.value === null) return figureState(null, stale);
  const value = ratio(numerator.value, denominator.value);
  return value === undefined ? undefined : figureState(value, stale);
}

/** numerator / denominator, or undefined where it means nothing (no data, a base of zero, under a cent, or negative). */
export function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | undefined {
  if (numerator === null || numerator === undefined || denominator === null || denominator === undefined) return undefined;
  return denominator < MIN_RATIO_BASE ? undefined : numerator / denominator;
}
