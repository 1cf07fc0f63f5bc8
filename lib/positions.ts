import { z } from "zod";

/**
 * One position of one account, with its live P&L. Money in the position's own currency
 * unless the name says Base (the account's base currency, at IB's own exchange rate).
 */
export const positionSchema = z.object({
  /** `${account}|${conId}`: unique and stable. */
  key: z.string(),
  account: z.string(),
  conId: z.number().int(),
  /** IB's symbol; for options and futures it is the underlying's. */
  symbol: z.string(),
  localSymbol: z.string(),
  /** What the position's exposure rolls up to: the symbol, or for FX the base currency. */
  underlying: z.string(),
  secType: z.string(),
  /** YYYYMMDD for options and futures. */
  expiry: z.string().nullable(),
  strike: z.number().nullable(),
  right: z.enum(["C", "P"]).nullable(),
  multiplier: z.number(),
  currency: z.string(),
  position: z.number(),
  /** IB's average cost: per unit times the multiplier for derivatives; null where IB sent "unset". */
  avgCost: z.number().nullable(),
  /**
   * position × price × multiplier, as IB values positions: notional for futures and FX,
   * premium for options (not delta-adjusted). It is also the position's exposure.
   */
  marketValue: z.number().nullable(),
  /** marketValue at IB's exchange rate into the account's base currency. */
  marketValueBase: z.number().nullable(),
  /** |marketValueBase| / the account's net liquidation. */
  shareOfNetLiq: z.number().nullable(),
  dailyPnL: z.number().nullable(),
  unrealizedPnL: z.number().nullable(),
  realizedPnL: z.number().nullable(),
  changedAt: z.number(),
});
export type Position = z.infer<typeof positionSchema>;

/**
 * A position's live figures after a P&L message, as a tuple:
 * [key, marketValue, marketValueBase, shareOfNetLiq, dailyPnL, unrealizedPnL, realizedPnL, changedAt].
 * Sent instead of the whole position when nothing else about it changed: a quarter of the
 * bytes, which matters when 20,000 positions move every second.
 */
const liveNumber = z.number().nullable();
export const positionFiguresSchema = z.tuple([
  z.string(),
  liveNumber,
  liveNumber,
  liveNumber,
  liveNumber,
  liveNumber,
  liveNumber,
  z.number(),
]);
export type PositionFigures = z.infer<typeof positionFiguresSchema>;

export function positionFigures(position: Position): PositionFigures {
  const { key, marketValue, marketValueBase, shareOfNetLiq, dailyPnL, unrealizedPnL, realizedPnL, changedAt } = position;
  return [key, marketValue, marketValueBase, shareOfNetLiq, dailyPnL, unrealizedPnL, realizedPnL, changedAt];
}

export function withFigures(position: Position, figures: PositionFigures): Position {
  const [, marketValue, marketValueBase, shareOfNetLiq, dailyPnL, unrealizedPnL, realizedPnL, changedAt] = figures;
  return { ...position, marketValue, marketValueBase, shareOfNetLiq, dailyPnL, unrealizedPnL, realizedPnL, changedAt };
}

export const positionKey = (account: string, conId: number) => `${account}|${conId}`;
export const accountOfPositionKey = (key: string) => key.slice(0, key.indexOf("|"));
