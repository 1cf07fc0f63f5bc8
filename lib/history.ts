import { z } from "zod";
import { scopeIdSchema } from "./scope";

/**
 * The stored figure history as GET /api/history serves it: one scope's samples over a range,
 * thinned to a bounded number of points. Defined once for the server and the browser.
 */
export const HISTORY_RANGES = ["today", "5d", "1m"] as const;
export const historyRangeSchema = z.enum(HISTORY_RANGES);
export type HistoryRange = z.infer<typeof historyRangeSchema>;

export const historyQuerySchema = z.strictObject({
  scope: scopeIdSchema,
  range: historyRangeSchema.default("today"),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

export const storedFiguresSchema = z.object({
  at: z.number(),
  netLiquidation: z.number().nullable(),
  maintMargin: z.number().nullable(),
  initMargin: z.number().nullable(),
  excessLiquidity: z.number().nullable(),
  marginUtilisation: z.number().nullable(),
  dailyPnL: z.number().nullable(),
});
export type StoredFigures = z.infer<typeof storedFiguresSchema>;

export const historyResponseSchema = z.object({
  scope: scopeIdSchema,
  range: historyRangeSchema,
  /** Epoch ms: the range asked for. */
  from: z.number(),
  to: z.number(),
  /** The currency of the latest point; null without points. */
  currency: z.string().nullable(),
  points: z.array(storedFiguresSchema),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

/** An account's figures at the close of a day: its last stored sample of that day. */
export const dayCloseSchema = z.object({
  account: z.string(),
  /** The server's calendar day, `2026-01-19`. */
  day: z.string(),
  at: z.number(),
  currency: z.string(),
  netLiquidation: z.number().nullable(),
  dailyPnL: z.number().nullable(),
  maintMargin: z.number().nullable(),
});
export type DayClose = z.infer<typeof dayCloseSchema>;

export const closesResponseSchema = z.object({
  scope: scopeIdSchema,
  range: historyRangeSchema,
  closes: z.array(dayCloseSchema),
});
export type ClosesResponse = z.infer<typeof closesResponseSchema>;

const DAY_MS = 86_400_000;

/** Where a range starts: today at local midnight (the server's), or 5 or 30 days back. */
export function rangeStart(range: HistoryRange, now: number): number {
  if (range === "5d") return now - 5 * DAY_MS;
  if (range === "1m") return now - 30 * DAY_MS;
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight.getTime();
}
