import { alertRulesBodySchema, type AlertRulesBody } from "@/lib/alert-rules";
import type { AlertRuleSet } from "@/lib/alerts";
import type { AuditLog } from "@/server/auth/audit";
import { alertRuleSetProblems, mergeAlertRules } from "@/server/risk/alerts/rules";
import { methodNotAllowed, parseBody, type ApiRequest, type ApiReply, type ApiRoute } from "./api-route";

/** The engine's rule set, and its door for a new one. */
export interface AlertRulesControl {
  rules(): AlertRuleSet;
  /** Why the engine refused them, or null. */
  setRules(rules: AlertRuleSet): string | null;
}

/** Where the rules an admin sends are kept, so they survive a restart (server/alerts/stored-alert-rules). */
export interface AlertRuleEdits {
  save(changes: AlertRuleSet, by: string): Promise<void>;
}

const RULES_BODY_LIMIT = 64 * 1024;

/**
 * /api/alert-rules. GET: the rules in force, for every logged-in user. PUT: an admin replaces
 * the rules it sends (the others stay as they are); the body is judged whole before anything
 * changes, and the change is stored and in the audit log (before and after) before the admin is
 * answered. The rules are stored before the engine takes them: when the store cannot keep
 * them, nothing changes.
 */
export function alertRulesRoute(control: AlertRulesControl, audit: AuditLog, edits: AlertRuleEdits): ApiRoute {
  const current = (): ApiReply => ({ status: 200, body: { rules: control.rules() } satisfies AlertRulesBody });
  return async (request) => {
    if (request.subpath !== "") return { status: 404, body: { error: "not found" } };
    if (request.method === "GET" || request.method === "HEAD") return current();
    if (request.method !== "PUT") return methodNotAllowed("GET, HEAD, PUT");
    return replaceRules(control, audit, edits, request).then((refusal) => refusal ?? current());
  };
}

async function replaceRules(control: AlertRulesControl, audit: AuditLog, edits: AlertRuleEdits, { user: { name, role }, address, ...request }: ApiRequest): Promise<ApiReply | null> {
  if (role !== "admin") {
    await audit({ actor: name, address, action: "alertRules.changed", details: { reason: "not an admin" }, outcome: "refused" });
    return { status: 403, body: { error: "only an admin may change the alert rules" } };
  }
  const parsed = await parseBody({ ...request, user: { name, role } } as ApiRequest, alertRulesBodySchema, RULES_BODY_LIMIT);
  if ("refusal" in parsed) return { status: parsed.refusal.status, body: { error: `invalid alert rules: ${parsed.refusal.body.error}` } };
  const { rules } = parsed.data;
  const before = control.rules();
  // The rules sent, then the set they make with the others: the engine takes only a sound whole.
  const problems = alertRuleSetProblems(rules).map(({ index, field, message }) => `rules.${index}.${field}: ${message}`);
  if (!problems.length) problems.push(...alertRuleSetProblems(mergeAlertRules(before, rules)).map(({ message }) => message));
  if (problems.length) return { status: 400, body: { error: `invalid alert rules: ${problems.slice(0, 10).join("; ")}` } };
  // Stored first: a failed save leaves the engine, the webhook and the alert history untouched.
  try {
    await edits.save(rules, name);
  } catch (error) {
    await audit({ actor: name, address, action: "alertRules.changed", details: { reason: "the store could not keep them", after: rules, error: String(error) }, outcome: "refused" });
    return { status: 503, body: { error: "the alert rules could not be stored, so they were not changed: try again" } };
  }
  const refusal = control.setRules(rules);
  if (refusal) {
    await audit({ actor: name, address, action: "alertRules.changed", details: { reason: refusal, after: rules }, outcome: "refused" });
    return { status: 500, body: { error: `the alert rules were stored but the engine refused them: ${refusal}` } };
  }
  await audit({ actor: name, address, action: "alertRules.changed", details: { before, after: rules }, outcome: "ok" });
  return null;
}
