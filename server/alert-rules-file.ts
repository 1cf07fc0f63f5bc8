import { readFileSync } from "node:fs";
import { alertRuleSetSchema, type AlertRuleSet } from "@/lib/alerts";
import { ConfigError } from "@/server/config";
import { alertRuleSetProblems, defaultAlertRules, mergeAlertRules } from "@/server/risk/alerts/rules";
import type { RiskThresholds } from "@/server/risk/thresholds";

/**
 * The alert rules RiskDesk starts with: the defaults, with ALERT_RULES_FILE's rules over
 * them. The file is a JSON array of rule settings (lib/alerts); a rule it leaves out keeps
 * its defaults, and so does a field a rule leaves out. A file that cannot be read or is not
 * valid stops start-up with a message naming the file and the field.
 */
export function loadAlertRules(
  file: string | undefined,
  thresholds: RiskThresholds,
  read: (path: string) => string = (path) => readFileSync(path, "utf8"),
): AlertRuleSet {
  const defaults = defaultAlertRules(thresholds);
  if (file === undefined) return defaults;
  const fail = (problem: string) => new ConfigError(`invalid alert rules file ALERT_RULES_FILE=${JSON.stringify(file)}:\n${problem}`);

  let raw: unknown;
  try {
    raw = JSON.parse(read(file));
  } catch (error) {
    throw fail(`  ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(raw)) throw fail("  the file must hold a JSON array of rules, e.g. [{\"rule\": \"cushion\", \"warning\": 0.15}]");

  const byRule = new Map(defaults.map((settings) => [settings.rule as string, settings]));
  const completed = raw.map((entry: unknown) => {
    const defaultsOfRule = isObject(entry) ? byRule.get(String(entry.rule)) : undefined;
    return defaultsOfRule && isObject(entry) ? { ...defaultsOfRule, ...entry } : entry;
  });
  const parsed = alertRuleSetSchema.safeParse(completed);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((issue) => `  ${fieldName(raw as unknown[], issue.path)}: ${issue.message}`).join("\n"));
  }
  const problems = alertRuleSetProblems(parsed.data);
  if (problems.length) throw fail(problems.map(({ index, field, message }) => `  ${fieldName(raw as unknown[], [index, field])}: ${message}`).join("\n"));
  return mergeAlertRules(defaults, parsed.data);
}

/** `[2].warning (cushion)`: where a problem is, by index and field, with the rule it belongs to when known. */
function fieldName(entries: readonly unknown[], path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  if (typeof index !== "number") return "(the array)";
  const entry = entries[index];
  const rule = isObject(entry) && "rule" in entry ? ` (${String(entry.rule)})` : "";
  return `[${index}]${rest.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("")}${rule}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
