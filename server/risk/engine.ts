import type { Alert, AlertRuleSet } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import type { FigureKey } from "@/lib/figures";
import type { OrdersReconciliation, WorkingOrder } from "@/lib/orders";
import type { Position } from "@/lib/positions";
import { accountOfPositionKey } from "@/lib/positions";
import { accountScope, ALL_SCOPE, groupScope, scopeSeries, type Scope, type ScopeId } from "@/lib/scope";
import type { FigureSet } from "@/lib/figures";
import type { AccountRisk, FirmRisk, GroupRisk, HistoryPoint, LinkStatus, StreamLink } from "@/lib/stream";
import type { DomainEvent } from "@/server/domain/events";
import type { AlertTransition } from "./alerts/alert-book";
import { AlertEvaluator } from "./alerts/evaluator";
import { alertRuleSetProblems, defaultAlertRules, mergeAlertRules } from "./alerts/rules";
import { RiskBook } from "./book";
import { connectivityFacts, type ConnectivityFacts } from "./connectivity-facts";
import { IntradayHistory } from "./intraday-history";
import { OrdersBook } from "./orders-book";
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from "./thresholds";

/** Everything the engine takes: what the collector reports, and the passing of time. */
export type EngineEvent =
  | DomainEvent
  /** Time passes: the link and every figure are judged against their cadence. */
  | { type: "tick"; at: number }
  /** Take one intraday sample of every account, group and the firm. */
  | { type: "sample"; at: number }
  /** A risk manager acknowledges an active alert. */
  | { type: "alertAcknowledged"; id: string; by: string; at: number; note: string | null }
  /** An admin changed the alert rules: the given rules replace theirs, the others stay. At the engine's latest time. */
  | { type: "alertRulesChanged"; rules: AlertRuleSet };

/** What one event changed, for whoever publishes the engine's state. */
export interface Changes {
  link: boolean;
  /** Accounts that came or went, or whose base currency changed: sent whole (or as gone). */
  accounts: string[];
  /** Figures that changed, by account. */
  accountFigures: Array<[account: string, figures: FigureKey[]]>;
  /** Positions that opened, closed or changed size: sent whole (or as gone). */
  positions: string[];
  /** Positions whose live figures alone changed. */
  positionFigures: string[];
  /** Working orders that came, changed or ended (sent whole, or as gone). */
  orders: string[];
  /** A reconnect reported what changed in the orders while away. */
  ordersNote: boolean;
  fa: boolean;
  /** Totals (firm, groups) and exposure may have moved: they are derived again when read. */
  totals: boolean;
  /** Intraday points a sample recorded. */
  history: HistoryPoint[];
  /** Alert episodes raised, moved, acknowledged or cleared, in order. */
  alerts: AlertTransition[];
  /** Why an acknowledgement (an alert unknown, cleared or already acknowledged) or a rule change (inconsistent thresholds) was refused. */
  alertRefusal: string | null;
}

export function noChanges(): Changes {
  return {
    link: false,
    accounts: [],
    accountFigures: [],
    positions: [],
    positionFigures: [],
    orders: [],
    ordersNote: false,
    fa: false,
    totals: false,
    history: [],
    alerts: [],
    alertRefusal: null,
  };
}

/** The figures of one scope (the firm, an FA group or an account) at one time. */
export interface ScopeFigures {
  scope: ScopeId;
  currency: string | null;
  figures: FigureSet;
}

export interface RiskEngineOptions {
  initialLink: LinkStatus;
  thresholds?: RiskThresholds;
  history?: IntradayHistory;
  /** The alert rules (merged over the defaults); the defaults for the thresholds when absent. */
  alertRules?: AlertRuleSet;
}

/**
 * The risk engine's one door: every domain event goes through `apply`, which updates the
 * state and says what changed; everything else reads. It owns every verdict (levels,
 * concentration, a silent link) against one set of thresholds. Pure: no I/O and no clock of
 * its own; events carry the time.
 */
export class RiskEngine {
  private readonly book: RiskBook;
  private readonly orders = new OrdersBook();
  private readonly history: IntradayHistory;
  private readonly thresholds: RiskThresholds;
  private currentLink: StreamLink;
  /** The current link as JSON, so that a link event or a tick stringifies only the new one. */
  private currentLinkJson: string;
  /** The latest time any event carried: a link status carries none of its own. */
  private clock = 0;
  private readonly alerts: AlertEvaluator;

  constructor({ initialLink, thresholds = DEFAULT_RISK_THRESHOLDS, history = new IntradayHistory(), alertRules }: RiskEngineOptions) {
    this.thresholds = thresholds;
    this.book = new RiskBook(thresholds);
    this.history = history;
    this.currentLink = { ...initialLink, silent: false };
    this.currentLinkJson = JSON.stringify(this.currentLink);
    this.alerts = new AlertEvaluator(this, alertRules ?? defaultAlertRules(thresholds));
  }

  apply(event: EngineEvent): Changes {
    const changes = noChanges();
    const { book } = this;
    if ("at" in event) this.clock = Math.max(this.clock, event.at);
    switch (event.type) {
      case "link":
        changes.link = this.setLink(event.status);
        break;
      case "tick":
        changes.link = this.setLink(this.currentLink);
        changes.accountFigures = book.age(event.at);
        changes.totals = changes.accountFigures.length > 0;
        break;
      case "accountsListed": {
        const { added, removed, removedPositions } = book.listAccounts(event.accounts);
        if (!added.length && !removed.length) break;
        changes.accounts.push(...added, ...removed);
        changes.positions.push(...removedPositions);
        changes.orders.push(...this.orders.dropAccounts(removed));
        changes.totals = true;
        if (removed.length) this.retainHistory();
        break;
      }
      case "accountValues": {
        const change = book.applyAccountValues(event.account, event.currency, event.values, event.at);
        if (change.currencyChanged) changes.accounts.push(event.account);
        else if (change.figures.length) changes.accountFigures.push([event.account, change.figures]);
        changes.positionFigures.push(...change.positions);
        changes.totals = change.currencyChanged || change.figures.length > 0 || change.positions.length > 0;
        break;
      }
      case "exchangeRates":
        changes.positionFigures.push(...book.applyExchangeRates(event.account, event.rates, event.at));
        changes.totals = changes.positionFigures.length > 0;
        break;
      case "position":
        changes.positions.push(...keyOrNone(book.applyPosition(event)));
        changes.totals = changes.positions.length > 0;
        break;
      case "positionPnl":
        changes.positionFigures.push(...keyOrNone(book.applyPositionPnl(event)));
        changes.totals = changes.positionFigures.length > 0;
        break;
      case "faConfig":
        book.setFaConfig({ groups: event.groups, aliases: event.aliases });
        this.retainHistory();
        changes.fa = true;
        changes.totals = true;
        break;
      case "order":
        changes.orders = this.orders.applyOrder(event);
        break;
      case "orderStatus":
        changes.orders = this.orders.applyStatus(event);
        break;
      case "ordersListed":
        changes.orders = this.orders.applyListing(event);
        changes.ordersNote = event.reconciliation !== null;
        break;
      case "sample":
        changes.history = this.history.sample(book.allAccounts(), book.groups(event.at), book.firm(event.at), event.at);
        break;
      case "marginWarning": {
        const { account, message, at } = event;
        book.applyMarginWarning({ account, message, at });
        break;
      }
      case "ibMessage":
        break;
      case "alertAcknowledged": {
        const result = this.alerts.acknowledge(event.id, { by: event.by, at: event.at, note: event.note });
        if (result.ok) changes.alerts.push(result.transition);
        else changes.alertRefusal = result.reason;
        break;
      }
      case "alertRulesChanged": {
        const problems = alertRuleSetProblems(event.rules);
        if (problems.length) changes.alertRefusal = `alert rules refused: ${problems.map((problem) => problem.message).join("; ")}`;
        else this.alerts.setRules(mergeAlertRules(this.alerts.rules, event.rules), this.clock, this.connectivityFacts(), changes.alerts);
        break;
      }
    }
    this.evaluateAlerts(event, changes);
    return changes;
  }

  /** Active alerts, most severe first. */
  activeAlerts(): Alert[] {
    return this.alerts.active();
  }

  alertRules(): AlertRuleSet {
    return this.alerts.rules;
  }

  get link(): StreamLink {
    return this.currentLink;
  }

  fa(): FaConfig {
    return this.book.fa();
  }

  /** The link and data facts the alert rules read (server/risk/connectivity-facts.ts). */
  connectivityFacts(): ConnectivityFacts {
    return connectivityFacts(this.currentLink, this.book.marginWarnings());
  }

  /** Every followed account, sorted. */
  accountIds(): string[] {
    return this.book.accountIds();
  }

  account(id: string): AccountRisk | undefined {
    return this.book.account(id);
  }

  /** The accounts a scope covers, sorted by id. */
  accountsOf(scope: Scope): AccountRisk[] {
    return this.book.scopeAccounts(scope).map((id) => this.book.account(id)!);
  }

  scopeAccounts(scope: Scope): readonly string[] {
    return this.book.scopeAccounts(scope);
  }

  firm(at: number): FirmRisk {
    return this.book.firm(at);
  }

  /** Totals over the accounts a limited user may see, in place of the firm's. */
  totalsOf(accountIds: readonly string[], previous: FirmRisk | null, at: number): FirmRisk {
    return this.book.totalsOf(accountIds, previous, at);
  }

  groups(at: number): GroupRisk[] {
    return this.book.groups(at);
  }

  position(key: string): Position | undefined {
    return this.book.position(key);
  }

  positionsOf(scope: Scope): Position[] {
    return this.book.positionsOf(scope);
  }

  order(key: string): WorkingOrder | undefined {
    return this.orders.get(key);
  }

  /** Every working order, sorted by account and symbol. */
  allOrders(): WorkingOrder[] {
    return this.orders.all();
  }

  /** What the last reconnect found changed in the orders while away. */
  ordersNote(): OrdersReconciliation | null {
    return this.orders.note;
  }

  exposure(scope: Scope, at: number): Exposure {
    return this.book.exposure(scope, at);
  }

  /** The intraday series the scope charts (lib/scope). */
  seriesOf(scope: Scope): ReadonlySet<string> {
    return new Set(scopeSeries(scope, this.book.accountIds(), this.book.fa().groups));
  }

  historyOf(series: ReadonlySet<string>): HistoryPoint[] {
    return this.history.points(series);
  }

  /** The figures of the firm, every FA group and every account at a time, for whoever records them. */
  figuresByScope(at: number): ScopeFigures[] {
    const firm = this.book.firm(at);
    return [
      { scope: ALL_SCOPE, currency: firm.currency, figures: firm.figures },
      ...this.book.groups(at).map(({ name, currency, figures }) => ({ scope: groupScope(name), currency, figures })),
      ...this.book.allAccounts().map(({ accountId, currency, figures }) => ({ scope: accountScope(accountId), currency, figures })),
    ];
  }

  /** A ready link that has said nothing for longer than the limit is silent: nothing on screen is live. */
  private setLink(status: LinkStatus): boolean {
    const heardAt = status.lastMessageAt ?? status.stateSince;
    const silent = status.state === "ready" && this.clock - heardAt > this.thresholds.linkSilentMs;
    const { silent: _previous, ...reported } = status as StreamLink;
    const next: StreamLink = { ...reported, silent };
    const json = JSON.stringify(next);
    if (json === this.currentLinkJson) return false;
    this.currentLink = next;
    this.currentLinkJson = json;
    return true;
  }

  /** The alert rules read what this event moved; time-based rules run on ticks. */
  private evaluateAlerts(event: EngineEvent, changes: Changes): void {
    const { alerts } = this;
    if ((event.type === "accountsListed" && changes.accounts.length) || changes.fa) alerts.scopesChanged(this.clock, changes.alerts);
    if (changes.accountFigures.length) alerts.figuresMoved(changes.accountFigures.map(([account]) => account), this.clock, changes.alerts);
    if (changes.accounts.length) alerts.figuresMoved(changes.accounts.filter((id) => this.book.account(id)), this.clock, changes.alerts);
    for (const key of changes.positions) alerts.positionMoved(accountOfPositionKey(key));
    for (const key of changes.positionFigures) alerts.positionMoved(accountOfPositionKey(key));
    if (event.type === "tick") alerts.tick(this.clock, this.connectivityFacts(), changes.alerts);
    else if (event.type === "link" && changes.link) alerts.connectivityChanged(this.clock, this.connectivityFacts(), changes.alerts);
  }

  private retainHistory(): void {
    this.history.retain(new Set([...this.book.accountIds(), ...this.book.fa().groups.map((group) => groupScope(group.name))]));
  }
}

function keyOrNone(key: string | null): string[] {
  return key === null ? [] : [key];
}
