import { ALERT_RULES, type AlertRule, type AlertRuleSet, type AlertRuleSettings, type AlertScopeKind } from "@/lib/alerts";
import type { RiskThresholds } from "../thresholds";

/** How a rule's value reads: which way is worse, and in what unit its thresholds are. */
export interface AlertRuleKind {
  /** "higher": the level rises as the value rises (utilisation, a loss, a duration); "lower": as it falls (cushion). */
  worse: "higher" | "lower";
  unit: "fraction" | "money" | "seconds";
  /** What the value is, in words, for messages. */
  label: string;
}

export const ALERT_RULE_KINDS: Readonly<Record<AlertRule, AlertRuleKind>> = {
  marginUtilisation: { worse: "higher", unit: "fraction", label: "Margin utilisation" },
  cushion: { worse: "lower", unit: "fraction", label: "Cushion" },
  excessLiquidity: { worse: "lower", unit: "money", label: "Excess liquidity" },
  excessLiquidityPct: { worse: "lower", unit: "fraction", label: "Excess liquidity / net liquidation" },
  dailyLoss: { worse: "higher", unit: "money", label: "Daily loss" },
  dailyLossPct: { worse: "higher", unit: "fraction", label: "Daily loss / start-of-day net liquidation" },
  drawdownPct: { worse: "higher", unit: "fraction", label: "Drawdown from the intraday high of net liquidation" },
  concentration: { worse: "higher", unit: "fraction", label: "Gross exposure / net liquidation" },
  linkDown: { worse: "higher", unit: "seconds", label: "Link to the IB gateway down" },
  ibServersLost: { worse: "higher", unit: "seconds", label: "Gateway lost its connection to IB's servers (1100)" },
  farmBroken: { worse: "higher", unit: "seconds", label: "Data farm broken" },
  staleFigures: { worse: "higher", unit: "seconds", label: "Stale figures" },
  // The value is the age of IB's last 2148 for the account: the alert holds while it is recent.
  marginWarning: { worse: "lower", unit: "seconds", label: "IB margin warning (2148) received" },
};

const ALL_SCOPES: AlertScopeKind[] = ["account", "group", "firm"];

/**
 * The rules a risk desk starts with (README "Alert rules"). Utilisation and concentration
 * take the engine's own thresholds, so an alert says what the screen's colours say.
 */
export function defaultAlertRules(thresholds: RiskThresholds): AlertRuleSet {
  const rule = (settings: Omit<AlertRuleSettings, "enabled" | "holdSeconds"> & Partial<AlertRuleSettings>): AlertRuleSettings => ({
    enabled: true,
    holdSeconds: 0,
    ...settings,
  });
  return [
    rule({ rule: "marginUtilisation", warning: thresholds.utilisationWarn, critical: thresholds.utilisationCritical, hysteresis: 0.02, scopes: ALL_SCOPES }),
    rule({ rule: "cushion", warning: 0.1, critical: 0.05, hysteresis: 0.01, scopes: ALL_SCOPES }),
    // IB liquidates an account, not a firm, the moment its excess liquidity goes below zero.
    rule({ rule: "excessLiquidity", warning: null, critical: 0, hysteresis: 0, scopes: ["account"] }),
    // IB's cushion is this same ratio: off by default so one condition does not raise two alerts.
    rule({ rule: "excessLiquidityPct", enabled: false, warning: 0.05, critical: 0.02, hysteresis: 0.01, scopes: ALL_SCOPES }),
    // An amount means something only for a known book: off until an operator sets it.
    rule({ rule: "dailyLoss", enabled: false, warning: null, critical: null, hysteresis: 0, scopes: ALL_SCOPES }),
    rule({ rule: "dailyLossPct", warning: 0.02, critical: 0.05, hysteresis: 0.0025, scopes: ALL_SCOPES }),
    rule({ rule: "drawdownPct", warning: 0.03, critical: 0.06, hysteresis: 0.005, scopes: ALL_SCOPES }),
    rule({ rule: "concentration", warning: thresholds.concentrationUnderlying, critical: 0.5, hysteresis: 0.02, scopes: ALL_SCOPES }),
    rule({ rule: "linkDown", warning: null, critical: 10, hysteresis: 0, scopes: ["firm"] }),
    rule({ rule: "ibServersLost", warning: 0, critical: 60, hysteresis: 0, scopes: ["firm"] }),
    rule({ rule: "farmBroken", warning: 60, critical: null, hysteresis: 0, scopes: ["firm"] }),
    rule({ rule: "staleFigures", warning: 0, critical: 300, hysteresis: 0, scopes: ["firm"] }),
    rule({ rule: "marginWarning", warning: null, critical: 900, hysteresis: 0, scopes: ["account"] }),
  ];
}

/** `changes` over `base`, rule by rule: a rule absent from `changes` keeps its settings. Sorted as ALERT_RULES. */
export function mergeAlertRules(base: AlertRuleSet, changes: AlertRuleSet): AlertRuleSet {
  const merged = new Map(base.map((settings) => [settings.rule, settings]));
  for (const settings of changes) merged.set(settings.rule, settings);
  return ALERT_RULES.flatMap((rule) => merged.get(rule) ?? []);
}

export interface AlertRuleProblem {
  /** Which rule of the set, and which of its fields. */
  index: number;
  field: keyof AlertRuleSettings;
  message: string;
}

/**
 * What the schema cannot say about a rule set: each rule at most once, and a critical
 * threshold no better than the warning one. Returns each problem with its rule's index and field.
 */
export function alertRuleSetProblems(rules: AlertRuleSet): AlertRuleProblem[] {
  const problems: AlertRuleProblem[] = [];
  const seen = new Set<AlertRule>();
  rules.forEach((settings, index) => {
    if (seen.has(settings.rule)) problems.push({ index, field: "rule", message: `${settings.rule} appears more than once` });
    seen.add(settings.rule);
    const { warning, critical } = settings;
    if (warning === null || critical === null) return;
    const worse = ALERT_RULE_KINDS[settings.rule].worse;
    if (worse === "higher" ? critical < warning : critical > warning) {
      problems.push({
        index,
        field: "critical",
        message: `${settings.rule}: critical (${critical}) must be ${worse === "higher" ? "at or above" : "at or below"} warning (${warning})`,
      });
    }
  });
  return problems;
}

export const ruleSettings = (rules: AlertRuleSet, rule: AlertRule): AlertRuleSettings | undefined => rules.find((settings) => settings.rule === rule);
