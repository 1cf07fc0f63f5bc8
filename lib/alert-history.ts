import { z } from "zod";
import { alertLevelSchema, alertRuleSchema, alertSchema } from "./alerts";
import { scopeIdSchema } from "./scope";

/** GET /api/alerts: stored alert episodes, newest first. Defined once for the server and the browser. */
export const ALERT_HISTORY_PATH = "/api/alerts";
export const ALERT_HISTORY_MAX_LIMIT = 1000;

const epochMs = z.coerce.number().int().nonnegative();

/** Episodes raised within [from, to] (epoch ms), of one scope, rule or (last) level when given. */
export const alertHistoryQuerySchema = z
  .strictObject({
    from: epochMs.optional(),
    to: epochMs.optional(),
    scope: scopeIdSchema.optional(),
    rule: alertRuleSchema.optional(),
    level: alertLevelSchema.optional(),
    limit: z.coerce.number().int().min(1).max(ALERT_HISTORY_MAX_LIMIT).default(200),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: "from must not be after to" });

export const alertHistoryResponseSchema = z.object({
  alerts: z.array(alertSchema),
  /** More episodes matched than `limit`: narrow the range to see the older ones. */
  truncated: z.boolean(),
});
export type AlertHistoryResponse = z.infer<typeof alertHistoryResponseSchema>;
