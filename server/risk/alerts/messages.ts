import type { AlertLevel, AlertRule } from "@/lib/alerts";
import { ALERT_RULE_KINDS, type AlertRuleKind } from "./rules";

const MAX_MESSAGE = 500;

export function formatValue(value: number, unit: AlertRuleKind["unit"], currency: string | null): string {
  if (unit === "fraction") return `${(value * 100).toFixed(1)} %`;
  if (unit === "seconds") return `${Math.round(value)} s`;
  const amount = Math.round(value).toLocaleString("en-US");
  return currency ? `${amount} ${currency}` : amount;
}

export interface MessageParts {
  rule: AlertRule;
  subject: string | null;
  level: AlertLevel;
  value: number;
  threshold: number | null;
  currency: string | null;
  /** Anything the rule adds, e.g. how many accounts are stale. */
  detail?: string;
}

/** What an alert says, e.g. "Margin utilisation: 85.0 % (critical at 80.0 %)". */
export function alertMessage({ rule, subject, level, value, threshold, currency, detail }: MessageParts): string {
  const { label, unit } = ALERT_RULE_KINDS[rule];
  const format = (n: number) => formatValue(n, unit, currency);
  const what = subject === null ? label : `${label} (${subject})`;
  const reading = rule === "marginWarning" ? `${format(value)} ago` : unit === "seconds" ? `for ${format(value)}` : format(value);
  const limit =
    threshold === null || (unit === "seconds" && threshold === 0)
      ? level
      : `${level} ${rule === "marginWarning" ? "for" : "at"} ${format(threshold)}`;
  return `${what}: ${reading} (${limit})${detail ? `; ${detail}` : ""}`.slice(0, MAX_MESSAGE);
}
