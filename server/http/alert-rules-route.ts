import { alertRulesBodySchema, type AlertRulesBody } from "@/lib/alert-rules";
import type { AlertRuleSet } from "@/lib/alerts";
import type { AuditLog } from "@/server/auth/audit";
import { alertRuleSetProblems } from "@/server/risk/alerts/rules";
import type { JsonAction, JsonRoute } from "./request-handler";

/** The engine's rule set, and its door for a new one. */
export interface AlertRulesControl {
  rules(): AlertRuleSet;
  /** Why the engine refused them, or null. */
  setRules(rules: AlertRuleSet): string | null;
}

/** GET /api/alert-rules: the rules in force, for every logged-in user. */
export function alertRulesRoute(control: AlertRulesControl): JsonRoute {
  return async () => ({ status: 200, body: { rules: control.rules() } satisfies AlertRulesBody });
}

/**
 * PUT /api/alert-rules: an admin replaces the rules it sends (the others stay as they are).
 * The body is judged whole before anything changes; the change (before and after) is in the
 * audit log before the admin is answered.
 */
export function putAlertRulesAction(control: AlertRulesControl, audit: AuditLog): JsonAction {
  return async (body, { name, role, address }) => {
    if (role !== "admin") {
      await audit({ actor: name, address, action: "alertRules.changed", details: { reason: "not an admin" }, outcome: "refused" });
      return { status: 403, body: { error: "only an admin may change the alert rules" } };
    }
    const parsed = alertRulesBodySchema.safeParse(body);
    const problems = parsed.success
      ? alertRuleSetProblems(parsed.data.rules).map(({ index, field, message }) => `rules.${index}.${field}: ${message}`)
      : parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
    if (!parsed.success || problems.length) return { status: 400, body: { error: `invalid alert rules: ${problems.slice(0, 10).join("; ")}` } };
    const { rules } = parsed.data;
    const before = control.rules();
    const refusal = control.setRules(rules);
    if (refusal) return { status: 400, body: { error: refusal } };
    await audit({ actor: name, address, action: "alertRules.changed", details: { before, after: rules }, outcome: "ok" });
    return { status: 200, body: { rules: control.rules() } satisfies AlertRulesBody };
  };
}
