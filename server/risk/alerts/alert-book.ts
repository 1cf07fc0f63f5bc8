import type { Alert, AlertAcknowledgement, AlertLevel, AlertRule, AlertRuleSet, AlertRuleSettings, AlertScopeKind } from "@/lib/alerts";
import { parseScope, type ScopeId } from "@/lib/scope";
import { levelOf, levelRank, thresholdOf, type MaybeLevel } from "./levels";
import { alertMessage } from "./messages";
import { ALERT_RULE_KINDS, ruleSettings } from "./rules";

/** One step of an alert episode, with the alert as it stands after it. */
export interface AlertTransition {
  change: "raised" | "levelChanged" | "acknowledged" | "cleared";
  alert: Alert;
}

/**
 * What a rule reads on one subject of a scope (the scope itself when `subject` is null).
 * `value` null: unavailable, so nothing moves; the stale-figures rule speaks for it.
 */
export interface Reading {
  subject: string | null;
  value: number | null;
  /** The scope's currency, for money in messages. */
  currency?: string | null;
  detail?: string;
}

export type AcknowledgeResult = { ok: true; transition: AlertTransition } | { ok: false; reason: string };

/** One condition (rule, scope, subject) being watched: its alert when raised, and how long each level has been reached. */
interface Condition {
  key: string;
  rule: AlertRule;
  scope: ScopeId;
  subject: string | null;
  alert: Alert | null;
  /** Since when the value has reached each level, for the hold time. */
  reachedSince: Record<AlertLevel, number | null>;
  /** The last known reading, to finish a hold time when no new value comes. */
  last: Reading | null;
}

export const alertKey = (rule: AlertRule, scope: ScopeId, subject: string | null): string =>
  subject === null ? `${rule}|${scope}` : `${rule}|${scope}|${subject}`.slice(0, 400);

export const scopeKindOf = (scope: ScopeId): AlertScopeKind => {
  const kind = parseScope(scope).kind;
  return kind === "all" ? "firm" : kind;
};

/** Whether a rule is evaluated on a scope under these settings. */
export const ruleApplies = (settings: AlertRuleSettings | undefined, scope: ScopeId): settings is AlertRuleSettings =>
  settings !== undefined && settings.enabled && settings.scopes.includes(scopeKindOf(scope));

/**
 * Every condition being watched and the alert episodes they raise: deduplicated by key
 * (rule + scope + subject), raised once a level has held for the rule's hold time, moved
 * between warning and critical with hysteresis, cleared once the condition has cleared.
 * Acknowledgement marks the active alert; an escalation to critical asks for a new one.
 */
export class AlertBook {
  private readonly conditions = new Map<string, Condition>();
  /** Keys by rule and scope, to tell which subjects a reading no longer names. */
  private readonly byRuleScope = new Map<string, Set<string>>();
  /** Conditions whose value has reached a level not yet raised: a hold time is running. */
  private readonly holding = new Set<string>();
  private readonly keyById = new Map<string, string>();
  private episodes = 0;

  constructor(private rules: AlertRuleSet) {}

  get ruleSet(): AlertRuleSet {
    return this.rules;
  }

  /**
   * A rule's readings on one scope. A subject the rule watched on this scope and no longer
   * reads has cleared (a closed position, a farm back up, a link back).
   */
  evaluate(rule: AlertRule, scope: ScopeId, readings: readonly Reading[], at: number, out: AlertTransition[]): void {
    const settings = ruleSettings(this.rules, rule);
    if (!ruleApplies(settings, scope)) return;
    const watched = this.byRuleScope.get(`${rule}|${scope}`);
    const named = watched && watched.size > 0 ? new Set<string>() : null;
    for (const reading of readings) {
      const key = alertKey(rule, scope, reading.subject);
      named?.add(key);
      if (reading.value === null) continue;
      const existing = this.conditions.get(key);
      // Most subjects reach no level: nothing to watch.
      if (!existing && levelOf(reading.value, settings, ALERT_RULE_KINDS[rule].worse, null) === null) continue;
      this.judge(existing ?? this.watch(key, rule, scope, reading.subject), settings, reading, at, out);
    }
    if (!watched || !named) return;
    for (const key of [...watched]) {
      if (!named.has(key)) this.judge(this.conditions.get(key)!, settings, null, at, out);
    }
  }

  /** Time passed: conditions whose hold time has run out are raised on their last reading. */
  advance(at: number, out: AlertTransition[]): void {
    for (const key of [...this.holding]) {
      const condition = this.conditions.get(key)!;
      const settings = ruleSettings(this.rules, condition.rule);
      if (ruleApplies(settings, condition.scope) && condition.last) this.judge(condition, settings, condition.last, at, out);
    }
  }

  /** A scope is gone (an account no longer listed, a group no longer configured): its alerts clear. */
  dropScope(scope: ScopeId, at: number, out: AlertTransition[]): void {
    for (const condition of [...this.conditions.values()]) {
      if (condition.scope === scope) this.clear(condition, at, out);
    }
  }

  /** New rules: alerts of a rule now off, or no longer evaluated on their scope, clear; the caller re-reads the rest. */
  setRules(rules: AlertRuleSet, at: number, out: AlertTransition[]): void {
    this.rules = rules;
    for (const condition of [...this.conditions.values()]) {
      if (!ruleApplies(ruleSettings(rules, condition.rule), condition.scope)) this.clear(condition, at, out);
    }
  }

  acknowledge(id: string, acknowledgement: AlertAcknowledgement): AcknowledgeResult {
    const condition = this.conditions.get(this.keyById.get(id) ?? "");
    const alert = condition?.alert;
    if (!condition || !alert) return { ok: false, reason: `no active alert ${id}: it has cleared or never existed` };
    if (alert.acknowledged) return { ok: false, reason: `alert ${id} was already acknowledged by ${alert.acknowledged.by}` };
    condition.alert = { ...alert, acknowledged: acknowledgement };
    return { ok: true, transition: { change: "acknowledged", alert: condition.alert } };
  }

  /** Every active alert, most severe first, then oldest first. */
  active(): Alert[] {
    const alerts: Alert[] = [];
    for (const { alert } of this.conditions.values()) if (alert) alerts.push(alert);
    return alerts.sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.raisedAt - b.raisedAt || a.key.localeCompare(b.key));
  }

  private watch(key: string, rule: AlertRule, scope: ScopeId, subject: string | null): Condition {
    const condition: Condition = { key, rule, scope, subject: subject?.slice(0, 200) ?? null, alert: null, reachedSince: { warning: null, critical: null }, last: null };
    this.conditions.set(key, condition);
    const group = `${rule}|${scope}`;
    let keys = this.byRuleScope.get(group);
    if (!keys) this.byRuleScope.set(group, (keys = new Set()));
    keys.add(key);
    return condition;
  }

  private forget(condition: Condition): void {
    this.conditions.delete(condition.key);
    this.holding.delete(condition.key);
    const group = `${condition.rule}|${condition.scope}`;
    const keys = this.byRuleScope.get(group);
    keys?.delete(condition.key);
    if (keys?.size === 0) this.byRuleScope.delete(group);
  }

  /** Moves a condition to the level its reading stands at (null reading: the condition is gone). */
  private judge(condition: Condition, settings: AlertRuleSettings, reading: Reading | null, at: number, out: AlertTransition[]): void {
    const current: MaybeLevel = condition.alert?.level ?? null;
    const reached = reading === null || reading.value === null ? null : levelOf(reading.value, settings, ALERT_RULE_KINDS[condition.rule].worse, current);
    for (const level of ["warning", "critical"] as const) {
      condition.reachedSince[level] = levelRank(reached) >= levelRank(level) ? (condition.reachedSince[level] ?? at) : null;
    }
    condition.last = reading;
    let next = reached;
    if (levelRank(reached) > levelRank(current)) {
      const held = (level: AlertLevel) => {
        const since = condition.reachedSince[level];
        return since !== null && at - since >= settings.holdSeconds * 1000;
      };
      const heldLevel: MaybeLevel = reached === "critical" && held("critical") ? "critical" : held("warning") ? "warning" : null;
      next = levelRank(heldLevel) > levelRank(current) ? heldLevel : current;
    }
    if (levelRank(next) < levelRank(reached)) this.holding.add(condition.key);
    else this.holding.delete(condition.key);

    if (next === null) {
      if (condition.alert) this.clear(condition, at, out);
      else if (!this.holding.has(condition.key)) this.forget(condition);
      return;
    }
    if (next === current) return;
    const value = reading!.value!;
    const threshold = thresholdOf(settings, next);
    const message = alertMessage({
      rule: condition.rule,
      subject: condition.subject,
      level: next,
      value,
      threshold,
      currency: reading!.currency ?? null,
      detail: reading!.detail,
    });
    const previous = condition.alert;
    if (!previous) {
      // Within lib/alerts' 400 characters however long a group name and a subject are.
      const id = `${condition.key.slice(0, 360)}@${at}.${++this.episodes}`;
      this.keyById.set(id, condition.key);
      condition.alert = {
        id,
        key: condition.key,
        rule: condition.rule,
        scope: condition.scope,
        subject: condition.subject,
        level: next,
        message,
        value,
        threshold,
        raisedAt: at,
        levelSince: at,
        acknowledged: null,
        clearedAt: null,
      };
      out.push({ change: "raised", alert: condition.alert });
      return;
    }
    const escalated = levelRank(next) > levelRank(current);
    condition.alert = { ...previous, level: next, message, value, threshold, levelSince: at, acknowledged: escalated ? null : previous.acknowledged };
    out.push({ change: "levelChanged", alert: condition.alert });
  }

  private clear(condition: Condition, at: number, out: AlertTransition[]): void {
    if (condition.alert) {
      this.keyById.delete(condition.alert.id);
      out.push({ change: "cleared", alert: { ...condition.alert, clearedAt: at } });
    }
    this.forget(condition);
  }
}
