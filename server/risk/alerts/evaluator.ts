import type { Alert, AlertAcknowledgement, AlertRuleSet } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import { accountScope, ALL_SCOPE, grantedAccounts, groupScope, scopeId, type Grant, type Scope, type ScopeId } from "@/lib/scope";
import type { AccountRisk, FirmRisk, GroupRisk } from "@/lib/stream";
import { AlertBook, ruleApplies, scopeKindOf, type AcknowledgeResult, type AlertTransition, type Reading } from "./alert-book";
import { durationReadings, farmReadings, marginWarningReadings, type AlertConnectivity } from "./connectivity";
import { ruleSettings } from "./rules";
import { concentrationReadings, FIGURE_RULES, figureReading, type ScopeReading } from "./value-rules";

/** What the alert rules read from the engine. */
export interface AlertSource {
  accountIds(): readonly string[];
  account(id: string): AccountRisk | undefined;
  groups(at: number): readonly GroupRisk[];
  firm(at: number): FirmRisk;
  fa(): FaConfig;
  exposure(scope: Scope, at: number): Exposure;
}

const DAY_MS = 86_400_000;

/**
 * The alert rules run on the engine's figures, cheaply: an account's figure rules when its
 * figures move; FA groups, the firm, concentration (an exposure is a walk over positions),
 * stale figures, connectivity and hold times once per tick, and only for scopes that moved.
 */
export class AlertEvaluator {
  private readonly book: AlertBook;
  /** Accounts whose figures or positions moved since the last tick. */
  private readonly moved = new Set<string>();
  /** The highest net liquidation of each scope today (UTC day), for the drawdown. */
  private readonly highs = new Map<ScopeId, { day: number; high: number }>();
  /** Since when each scope has had a stale figure. */
  private readonly staleSince = new Map<ScopeId, number>();
  private scopes = new Set<ScopeId>([ALL_SCOPE]);

  constructor(
    private readonly source: AlertSource,
    rules: AlertRuleSet,
  ) {
    this.book = new AlertBook(rules);
  }

  get rules(): AlertRuleSet {
    return this.book.ruleSet;
  }

  active(): Alert[] {
    return this.book.active();
  }

  /** The active alerts a user with these grants may see: its accounts' and its groups'; the firm's only without a grant. */
  visibleTo(grants: readonly Grant[]): Alert[] {
    const alerts = this.book.active();
    if (grants.length === 0) return alerts;
    const accounts = new Set(grantedAccounts(grants, this.source.accountIds(), this.source.fa().groups).map(accountScope));
    const groups = new Set(grants.filter((grant) => grant.kind === "group").map(scopeId));
    return alerts.filter((alert) => accounts.has(alert.scope) || groups.has(alert.scope));
  }

  /** Accounts whose figures moved: their figure rules now; their groups and the firm at the next tick. */
  figuresMoved(accounts: Iterable<string>, at: number, out: AlertTransition[]): void {
    for (const id of accounts) {
      this.moved.add(id);
      const account = this.source.account(id);
      if (account) this.evaluateFigures(accountScope(id), account, at, out);
    }
  }

  /** Accounts whose positions moved: their concentration at the next tick. */
  positionsMoved(accounts: Iterable<string>): void {
    for (const id of accounts) this.moved.add(id);
  }

  /** Accounts or FA groups came or went: the alerts of scopes gone clear; every scope is read again at the next tick. */
  scopesChanged(at: number, out: AlertTransition[]): void {
    const accounts = this.source.accountIds();
    const next = new Set<ScopeId>([ALL_SCOPE, ...accounts.map(accountScope), ...this.source.fa().groups.map((group) => groupScope(group.name))]);
    for (const scope of this.scopes) {
      if (next.has(scope)) continue;
      this.book.dropScope(scope, at, out);
      this.highs.delete(scope);
      this.staleSince.delete(scope);
    }
    this.scopes = next;
    for (const id of accounts) this.moved.add(id);
  }

  /** Time passed: what moved since the last tick, the time-based rules, and hold times. */
  tick(at: number, connectivity: AlertConnectivity, out: AlertTransition[]): void {
    const { source, book } = this;
    const accounts = source.accountIds();
    const groups = source.fa().groups;
    const groupMoved = (members: readonly string[]) => members.some((id) => this.moved.has(id));
    const movedGroups = new Set(groups.filter((group) => groupMoved(group.accounts)).map((group) => group.name));

    if (this.moved.size > 0) {
      for (const group of source.groups(at)) if (movedGroups.has(group.name)) this.evaluateFigures(groupScope(group.name), group, at, out);
      this.evaluateFigures(ALL_SCOPE, source.firm(at), at, out);
      for (const id of this.moved) this.evaluateConcentration({ kind: "account", id }, at, out);
      for (const name of movedGroups) this.evaluateConcentration({ kind: "group", name }, at, out);
      this.evaluateConcentration({ kind: "all" }, at, out);
      this.moved.clear();
    }

    const staleAccounts = new Set(accounts.filter((id) => hasStaleFigure(source.account(id))));
    const scopesAndMembers: Array<[ScopeId, readonly string[]]> = [
      [ALL_SCOPE, accounts],
      ...groups.map((group): [ScopeId, readonly string[]] => [groupScope(group.name), group.accounts.filter((id) => this.scopes.has(accountScope(id)))]),
      ...accounts.map((id): [ScopeId, readonly string[]] => [accountScope(id), [id]]),
    ];
    for (const [scope, members] of scopesAndMembers) {
      this.evaluateStale(scope, members, staleAccounts, at, out);
      book.evaluate("marginWarning", scope, marginWarningReadings(connectivity, members, at), at, out);
    }
    book.evaluate("linkDown", ALL_SCOPE, durationReadings(connectivity.linkDownSince, at), at, out);
    book.evaluate("ibServersLost", ALL_SCOPE, durationReadings(connectivity.ibServersLostSince, at), at, out);
    book.evaluate("farmBroken", ALL_SCOPE, farmReadings(connectivity, at), at, out);
    book.advance(at, out);
  }

  /** New rules: alerts of rules turned off clear, and every scope is read again at once against the new thresholds. */
  setRules(rules: AlertRuleSet, at: number, connectivity: AlertConnectivity, out: AlertTransition[]): void {
    this.book.setRules(rules, at, out);
    for (const id of this.source.accountIds()) {
      const account = this.source.account(id);
      if (account) this.evaluateFigures(accountScope(id), account, at, out);
    }
    this.scopesChanged(at, out);
    this.tick(at, connectivity, out);
  }

  acknowledge(id: string, acknowledgement: AlertAcknowledgement): AcknowledgeResult {
    return this.book.acknowledge(id, acknowledgement);
  }

  private evaluateFigures(scope: ScopeId, { currency, figures }: Pick<FirmRisk, "currency" | "figures">, at: number, out: AlertTransition[]): void {
    const reading: ScopeReading = { currency, figures, intradayHigh: this.intradayHigh(scope, figures.netLiquidation?.value ?? null, at) };
    for (const rule of FIGURE_RULES) this.book.evaluate(rule, scope, [figureReading(rule, reading)], at, out);
  }

  private intradayHigh(scope: ScopeId, netLiq: number | null, at: number): number | null {
    const day = Math.floor(at / DAY_MS);
    const known = this.highs.get(scope);
    const high = known?.day === day ? known.high : null;
    if (netLiq === null) return high;
    const next = high === null ? netLiq : Math.max(high, netLiq);
    this.highs.set(scope, { day, high: next });
    return next;
  }

  private evaluateConcentration(scope: Scope, at: number, out: AlertTransition[]): void {
    const id = scopeId(scope);
    // The exposure is the costly part: only where the rule runs.
    if (!this.scopes.has(id) || !ruleApplies(ruleSettings(this.book.ruleSet, "concentration"), id)) return;
    this.book.evaluate("concentration", id, concentrationReadings(this.source.exposure(scope, at)), at, out);
  }

  private evaluateStale(scope: ScopeId, members: readonly string[], staleAccounts: ReadonlySet<string>, at: number, out: AlertTransition[]): void {
    const stale = members.filter((id) => staleAccounts.has(id)).length;
    let readings: Reading[] = [];
    if (stale > 0) {
      const since = this.staleSince.get(scope) ?? at;
      this.staleSince.set(scope, since);
      const detail = scopeKindOf(scope) === "account" ? undefined : `${stale} of ${members.length} accounts`;
      readings = [{ subject: null, value: (at - since) / 1000, detail }];
    } else {
      this.staleSince.delete(scope);
    }
    this.book.evaluate("staleFigures", scope, readings, at, out);
  }
}

function hasStaleFigure(account: AccountRisk | undefined): boolean {
  if (!account) return false;
  for (const key in account.figures) if (account.figures[key as keyof AccountRisk["figures"]]?.stale) return true;
  return false;
}
