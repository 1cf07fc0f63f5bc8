import { z } from "zod";
import { scopeIdSchema } from "./scope";

/**
 * Alerts: what the engine raises when a verdict crosses a rule's threshold, and what the
 * browser shows, acknowledges and keeps in history. Defined here once for the engine, the
 * store, the hub and the pages.
 */

/** The rules read from a scope's own figures (the engine's value rules); concentration reads its exposure. */
export const FIGURE_ALERT_RULES = ["marginUtilisation", "cushion", "excessLiquidity", "excessLiquidityPct", "dailyLoss", "dailyLossPct", "drawdownPct"] as const;

export const ALERT_RULES = [
  ...FIGURE_ALERT_RULES,
  "concentration",
  "linkDown",
  "ibServersLost",
  "farmBroken",
  "staleFigures",
  "marginWarning",
] as const;
export const alertRuleSchema = z.enum(ALERT_RULES);
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertLevelSchema = z.enum(["warning", "critical"]);
export type AlertLevel = z.infer<typeof alertLevelSchema>;

/** Where a rule is evaluated: each account, each FA group, the firm as a whole. */
export const ALERT_SCOPE_KINDS = ["account", "group", "firm"] as const;
export const alertScopeKindSchema = z.enum(ALERT_SCOPE_KINDS);
export type AlertScopeKind = z.infer<typeof alertScopeKindSchema>;

/**
 * One rule's settings. Thresholds are in the rule's unit (fractions for ratios: 0.8 = 80 %,
 * account currency for money, seconds for durations); either level may be off (null).
 * `hysteresis` is how far back across a threshold the value must move before the level
 * eases or the alert clears, in the same unit; `holdSeconds` is how long a condition must
 * last before it is raised.
 */
export const alertRuleSettingsSchema = z
  .object({
    rule: alertRuleSchema,
    enabled: z.boolean(),
    warning: z.number().finite().nullable(),
    critical: z.number().finite().nullable(),
    hysteresis: z.number().finite().nonnegative(),
    holdSeconds: z.number().finite().nonnegative().max(86_400),
    scopes: z.array(alertScopeKindSchema).max(ALERT_SCOPE_KINDS.length),
  })
  .strict();
export type AlertRuleSettings = z.infer<typeof alertRuleSettingsSchema>;

/** The whole rule set, as edited by an admin or loaded from a file. */
export const alertRuleSetSchema = z.array(alertRuleSettingsSchema).max(ALERT_RULES.length);
export type AlertRuleSet = z.infer<typeof alertRuleSetSchema>;

export const alertAcknowledgementSchema = z.object({
  by: z.string().max(200),
  at: z.number(),
  note: z.string().max(500).nullable(),
});
export type AlertAcknowledgement = z.infer<typeof alertAcknowledgementSchema>;

/**
 * One alert episode: raised when its condition starts, its level moving with the value,
 * cleared when the condition has cleared (past the hysteresis). `key` names the condition
 * (rule, scope and subject, e.g. an underlying or a data farm), so a condition has at most
 * one active alert; `id` names the episode.
 */
export const alertSchema = z.object({
  id: z.string().max(400),
  key: z.string().max(400),
  rule: alertRuleSchema,
  scope: scopeIdSchema,
  /** What within the scope the alert is about, when not the scope itself: an underlying, a farm. */
  subject: z.string().max(200).nullable(),
  level: alertLevelSchema,
  message: z.string().max(500),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  raisedAt: z.number(),
  /** Epoch ms at which `level` last changed. */
  levelSince: z.number(),
  acknowledged: alertAcknowledgementSchema.nullable(),
  clearedAt: z.number().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

/** A client asks to acknowledge an active alert (risk managers and admins only). */
export const alertAcknowledgeRequestSchema = z
  .object({
    id: z.string().min(1).max(400),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type AlertAcknowledgeRequest = z.infer<typeof alertAcknowledgeRequestSchema>;
