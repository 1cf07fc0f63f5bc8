import { CSRF_HEADER } from "@/lib/auth";
import { ALERT_HISTORY_PATH, alertHistoryResponseSchema, type AlertHistoryResponse } from "@/lib/alert-history";
import { ALERT_RULES_PATH, alertRulesBodySchema } from "@/lib/alert-rules";
import type { AlertRuleSet } from "@/lib/alerts";

/** The server's error message in an answer, or its status. */
async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return new Error(typeof body?.error === "string" ? body.error : `the server answered ${response.status}`);
}

export async function fetchAlertHistory(params: URLSearchParams, signal: AbortSignal): Promise<AlertHistoryResponse> {
  const response = await fetch(`${ALERT_HISTORY_PATH}?${params}`, { signal, cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return alertHistoryResponseSchema.parse(await response.json());
}

export async function fetchAlertRules(signal: AbortSignal): Promise<AlertRuleSet> {
  const response = await fetch(ALERT_RULES_PATH, { signal, cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return alertRulesBodySchema.parse(await response.json()).rules;
}

/** Replaces the rules (admins only); the rules in force after it. */
export async function saveAlertRules(csrfToken: string, rules: AlertRuleSet): Promise<AlertRuleSet> {
  const response = await fetch(ALERT_RULES_PATH, {
    method: "PUT",
    headers: { "content-type": "application/json", [CSRF_HEADER]: csrfToken },
    body: JSON.stringify({ rules }),
  });
  if (!response.ok) throw await failure(response);
  return alertRulesBodySchema.parse(await response.json()).rules;
}
