import { z } from "zod";
import { alertRuleSetSchema } from "./alerts";

/** GET and PUT /api/alert-rules: the engine's alert rules, read by every user, replaced by an admin. */
export const ALERT_RULES_PATH = "/api/alert-rules";

/** The body of a PUT and of every answer: the whole rule set, at most one entry per rule. */
export const alertRulesBodySchema = z.strictObject({
  rules: alertRuleSetSchema.refine((rules) => new Set(rules.map(({ rule }) => rule)).size === rules.length, { message: "a rule is given more than once" }),
});
export type AlertRulesBody = z.infer<typeof alertRulesBodySchema>;
