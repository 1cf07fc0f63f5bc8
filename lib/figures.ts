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

/** One number with the time (epoch ms) at which its value last changed. */
export const figureSchema = z.object({
  value: z.number(),
  changedAt: z.number(),
});
export type Figure = z.infer<typeof figureSchema>;

/** Figures that are known so far; a figure IB has not sent yet is absent, never zero. */
export const figureSetSchema = z.partialRecord(figureKeySchema, figureSchema);
export type FigureSet = z.infer<typeof figureSetSchema>;
