import type { Alert, AlertLevel, AlertRule } from "@/lib/alerts";
import { parseScope, scopeLabel } from "@/lib/scope";

/** A level in words and with an icon, so it never relies on colour alone. */
export const ALERT_LEVEL_LABELS: Record<AlertLevel, string> = { warning: "Warning", critical: "Critical" };
export const ALERT_LEVEL_ICONS: Record<AlertLevel, string> = { warning: "\u25b2", critical: "\u2716" };

export const ALERT_RULE_LABELS: Record<AlertRule, string> = {
  marginUtilisation: "Margin utilisation",
  cushion: "Cushion",
  excessLiquidity: "Excess liquidity",
  excessLiquidityPct: "Excess liquidity (% of net liq.)",
  dailyLoss: "Daily loss",
  dailyLossPct: "Daily loss (% of net liq.)",
  drawdownPct: "Drawdown from intraday high",
  concentration: "Concentration",
  linkDown: "IB link down",
  ibServersLost: "IB lost its servers (1100)",
  farmBroken: "Data farm broken",
  staleFigures: "Stale figures",
  marginWarning: "IB margin warning (2148)",
};

/** What an alert is about: its scope as people know it, and its subject (an underlying, a farm) when it has one. */
export function alertScopeLabel(alert: Pick<Alert, "scope" | "subject">, aliases: Readonly<Record<string, string>>): string {
  const scope = scopeLabel(parseScope(alert.scope), aliases);
  return alert.subject ? `${scope} \u2014 ${alert.subject}` : scope;
}

/** Critical first, then the newest. */
export function byUrgency(a: Alert, b: Alert): number {
  if (a.level !== b.level) return a.level === "critical" ? -1 : 1;
  return b.raisedAt - a.raisedAt;
}
