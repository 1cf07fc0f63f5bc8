import { z } from "zod";

/**
 * The per-account figures RiskDesk tracks. Money figures are in the account's base
 * currency; ratios are plain fractions (0.25 = 25 %).
 */
export const MONEY_FIGURES = [
  "netLiquidation",
  "totalCash",
  "equityWithLoan",
  "grossPositionValue",
  "initMargin",
  "maintMargin",
  "availableFunds",
  "excessLiquidity",
  "buyingPower",
  "dailyPnL",
  "unrealizedPnL",
  "realizedPnL",
] as const;

export const RATIO_FIGURES = ["cushion", "leverage", "marginUtilisation"] as const;

export const FIGURE_KEYS = [...MONEY_FIGURES, ...RATIO_FIGURES] as const;

export type MoneyFigureKey = (typeof MONEY_FIGURES)[number];
export type RatioFigureKey = (typeof RATIO_FIGURES)[number];
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const figureKeySchema = z.enum(FIGURE_KEYS);

/** A risk verdict's level, computed by the engine against its thresholds. */
export const riskLevelSchema = z.enum(["ok", "warn", "critical"]);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/**
 * One figure and the time (epoch ms) at which its value last changed.
 * - `value` null: unavailable. IB sent its "unset" (it has no value), or the figure is
 *   derived from one that is unavailable. Shown as unavailable, never as a number.
 * - `stale` true: IB's latest update was refused (not a plausible number); `value` is the
 *   last good one (null if there was none). A derived figure is stale when an input is.
 *   The next good update clears it; absent otherwise.
 * Numbers are finite: zod rejects NaN and ±Infinity.
 */
export const figureSchema = z.object({
  value: z.number().nullable(),
  changedAt: z.number(),
  stale: z.literal(true).optional(),
  /** The engine's level for a figure that has one (margin utilisation), when it has a value. */
  level: riskLevelSchema.optional(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Figures that are known so far; a figure IB has not sent yet is absent, never zero. */
export const figureSetSchema = z.partialRecord(figureKeySchema, figureSchema);
export type FigureSet = z.infer<typeof figureSetSchema>;
