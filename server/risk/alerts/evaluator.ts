import { FIGURE_ALERT_RULES, type Alert, type AlertAcknowledgement, type AlertRuleSet } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import { accountScope, ALL_SCOPE, groupScope, scopeId, type Scope, type ScopeId } from "@/lib/scope";
import type { AccountRisk, FirmRisk, GroupRisk } from "@/lib/stream";
import { AlertBook, ruleApplies, scopeKindOf, type AcknowledgeResult, type AlertTransition, type Reading } from "./alert-book";
import { durationReadings, farmReadings, latestMarginWarnings, linkDownReadings, marginWarningReadings, type AlertConnectivity } from "./connectivity";
import { ruleSettings } from "./rules";
import { concentrationReadings, figureReading, type ScopeReading } from "./value-rules";

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
 * Concentration moves with prices, slowly, and reading it walks every position of a scope:
 * FA groups and the firm are read every 5 s at most, and accounts at most 100 a tick, the
 * longest waiting first, so no tick carries the whole book.
 */
export const CONCENTRATION_INTERVAL_MS = 5_000;
export const CONCENTRATION_ACCOUNTS_PER_TICK = 100;

/**
 * The alert rules run on the engine's figures, cheaply: an account's figure rules when its
 * figures move; FA groups, the firm, stale figures, connectivity and hold times once per
 * tick; concentration (an exposure is a walk over positions) spread over ticks; each only
 * for scopes that moved.
 */
export class AlertEvaluator {
  private readonly book: AlertBook;
  /** Accounts whose figures moved since the last tick. */
  private readonly moved = new Set<string>();
  /** Accounts whose positions or figures moved since their concentration was read, in the order they moved. */
  private readonly exposureMoved = new Set<string>();
  /** ... and since the groups' and the firm's was, and when that was. */
  private readonly aggregateExposureMoved = new Set<string>();
  private aggregateConcentrationReadAt = Number.NEGATIVE_INFINITY;
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

  /** Accounts whose figures moved: their figure rules now; their groups and the firm at the next tick. */
  figuresMoved(accounts: Iterable<string>, at: number, out: AlertTransition[]): void {
    for (const id of accounts) {
      this.moved.add(id);
      this.exposureMovedIn(id);
      const account = this.source.account(id);
      if (account) this.evaluateFigures(accountScope(id), account, at, out);
    }
  }

  /** An account's positions moved: its concentration is read again. */
  positionMoved(account: string): void {
    this.exposureMovedIn(account);
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
    for (const id of accounts) {
      this.moved.add(id);
      this.exposureMovedIn(id);
    }
    this.aggregateConcentrationReadAt = Number.NEGATIVE_INFINITY;
  }

  /** Time passed: what moved since the last tick, the time-based rules, and hold times. */
  tick(at: number, connectivity: AlertConnectivity, out: AlertTransition[]): void {
    const { source, book } = this;
    const accounts = source.accountIds();
    const groups = source.fa().groups;
    const groupsWith = (moved: ReadonlySet<string>) => groups.filter((group) => group.accounts.some((id) => moved.has(id))).map((group) => group.name);

    if (this.moved.size > 0) {
      const movedGroups = new Set(groupsWith(this.moved));
      for (const group of source.groups(at)) if (movedGroups.has(group.name)) this.evaluateFigures(groupScope(group.name), group, at, out);
      this.evaluateFigures(ALL_SCOPE, source.firm(at), at, out);
      this.moved.clear();
    }
    let accountsToRead = CONCENTRATION_ACCOUNTS_PER_TICK;
    for (const id of this.exposureMoved) {
      if (accountsToRead-- === 0) break;
      this.exposureMoved.delete(id);
      this.evaluateConcentration({ kind: "account", id }, at, out);
    }
    if (this.aggregateExposureMoved.size > 0 && at - this.aggregateConcentrationReadAt >= CONCENTRATION_INTERVAL_MS) {
      for (const name of groupsWith(this.aggregateExposureMoved)) this.evaluateConcentration({ kind: "group", name }, at, out);
      this.evaluateConcentration({ kind: "all" }, at, out);
      this.aggregateExposureMoved.clear();
      this.aggregateConcentrationReadAt = at;
    }

    const staleAccounts = new Set(accounts.filter((id) => hasStaleFigure(source.account(id))));
    const scopesAndMembers: Array<[ScopeId, readonly string[]]> = [
      [ALL_SCOPE, accounts],
      ...groups.map((group): [ScopeId, readonly string[]] => [groupScope(group.name), group.accounts.filter((id) => this.scopes.has(accountScope(id)))]),
      ...accounts.map((id): [ScopeId, readonly string[]] => [accountScope(id), [id]]),
    ];
    const stale = ruleSettings(book.ruleSet, "staleFigures");
    const marginWarning = ruleSettings(book.ruleSet, "marginWarning");
    const marginWarnings = latestMarginWarnings(connectivity);
    for (const [scope, members] of scopesAndMembers) {
      if (ruleApplies(stale, scope)) this.evaluateStale(scope, members, staleAccounts, at, out);
      if (ruleApplies(marginWarning, scope)) {
        book.evaluate("marginWarning", scope, marginWarningReadings(marginWarnings, scope === ALL_SCOPE ? "firm" : members, at), at, out);
      }
    }
    this.connectivityChanged(at, connectivity, out);
    book.advance(at, out);
  }

  /** The link moved: its rules at once, so a link back clears its alert without waiting for the tick. */
  connectivityChanged(at: number, connectivity: AlertConnectivity, out: AlertTransition[]): void {
    this.book.evaluate("linkDown", ALL_SCOPE, linkDownReadings(connectivity, at), at, out);
    this.book.evaluate("ibServersLost", ALL_SCOPE, durationReadings(connectivity.ibServersLostSince, at), at, out);
    this.book.evaluate("farmBroken", ALL_SCOPE, farmReadings(connectivity, at), at, out);
  }

  /** New rules: alerts of rules turned off clear, and every scope is read again at once against the new thresholds. */
  setRules(rules: AlertRuleSet, at: number, connectivity: AlertConnectivity, out: AlertTransition[]): void {
    this.book.setRules(rules, at, out);
    // Staleness is only followed where the rule runs: its clock starts again under the new rules.
    this.staleSince.clear();
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

  private exposureMovedIn(account: string): void {
    this.exposureMoved.add(account);
    this.aggregateExposureMoved.add(account);
  }

  private evaluateFigures(scope: ScopeId, { currency, figures }: Pick<FirmRisk, "currency" | "figures">, at: number, out: AlertTransition[]): void {
    const reading: ScopeReading = { currency, figures, intradayHigh: this.intradayHigh(scope, figures.netLiquidation?.value ?? null, at) };
    for (const rule of FIGURE_ALERT_RULES) this.book.evaluate(rule, scope, [figureReading(rule, reading)], at, out);
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
