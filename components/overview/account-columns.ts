import type { FigureKey } from "@/lib/figures";

/** The figures of an account row, in column order. */
export const ACCOUNT_COLUMNS: readonly FigureKey[] = [
  "netLiquidation",
  "maintMargin",
  "initMargin",
  "excessLiquidity",
  "cushion",
  "marginUtilisation",
  "dailyPnL",
  "unrealizedPnL",
  "realizedPnL",
];
