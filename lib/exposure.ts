import { z } from "zod";

/** Exposure of one underlying, security type or currency, in the scope's base currency. */
export const exposureBucketSchema = z.object({
  key: z.string(),
  long: z.number(),
  short: z.number(),
  net: z.number(),
  gross: z.number(),
  /** gross / the scope's net liquidation; null without a net liquidation. */
  shareOfNetLiq: z.number().nullable(),
  /** The engine's verdict: one underlying, or a non-base currency, above its threshold. Never a security type. */
  concentrated: z.boolean(),
});
export type ExposureBucket = z.infer<typeof exposureBucketSchema>;

export const exposureSchema = z.object({
  scope: z.string(),
  currency: z.string().nullable(),
  long: z.number(),
  short: z.number(),
  net: z.number(),
  gross: z.number(),
  grossShareOfNetLiq: z.number().nullable(),
  /** Largest gross first. */
  byUnderlying: z.array(exposureBucketSchema),
  bySecType: z.array(exposureBucketSchema),
  byCurrency: z.array(exposureBucketSchema),
  /** The shares of net liquidation above which an underlying or a non-base currency is a concentration. */
  concentrationThresholds: z.object({ underlying: z.number(), currency: z.number() }),
  /** Positions left out: no market value yet, or no exchange rate to the base currency. */
  unpricedPositions: z.number().int().nonnegative(),
  at: z.number(),
});
export type Exposure = z.infer<typeof exposureSchema>;
