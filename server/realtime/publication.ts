import type { Exposure } from "@/lib/exposure";
import { accountOfPositionKey, positionFigures } from "@/lib/positions";
import { groupScope, parseScope, type ScopeId } from "@/lib/scope";
import { FIRM_SERIES, type DeltaBody, type HistoryPoint, type LinkStatus, type SnapshotBody, type View } from "@/lib/stream";
import type { DomainEvent } from "@/server/domain/events";
import type { RiskBook } from "@/server/risk/book";
import type { IntradayHistory } from "@/server/risk/intraday-history";
import { ChangeLog, RevisionCounter } from "./change-log";

const LINK = "link";
const FIRM = "firm";
const GROUPS = "groups";
const FA = "fa";
const EXPOSURE = "exposure";
const HISTORY = "history";
const ACCOUNT_PREFIX = "account:";

/** What the stream hub reads: the current view and what changed since a revision. */
export interface StreamView {
  readonly revision: number;
  snapshot(view: View): SnapshotBody;
  /** Null when the view can no longer say what changed since `rev` (send a snapshot). */
  deltaSince(rev: number, view: View): DeltaBody | null;
}

export interface PublicationOptions {
  book: RiskBook;
  history: IntradayHistory;
  initialLink: LinkStatus;
  now?: () => number;
  /** History points kept for clients that are behind; older ones need a snapshot. */
  historyBacklog?: number;
}

/**
 * The risk view as browsers receive it: applies domain events to the risk engine, keeps
 * the link status and intraday history, and records every change in a change log so each
 * client can be sent exactly what changed since it last heard from us, for its own view.
 */
export class Publication implements StreamView {
  private readonly revisions = new RevisionCounter();
  private readonly changes = new ChangeLog(this.revisions);
  /**
   * Positions are kept apart so that views without them never walk through 20,000 keys:
   * openings, closes and size changes (sent whole), and live figures alone (sent as tuples).
   */
  private readonly positionChanges = new ChangeLog(this.revisions);
  private readonly positionFigureChanges = new ChangeLog(this.revisions);
  /**
   * Derived parts (totals, exposure) touched since the last read: marked in the change log
   * once per read instead of once per event, which matters at 20,000 P&L messages a tick.
   */
  private readonly touched = new Set<string>();
  private link: LinkStatus;
  private readonly recentHistory: Array<{ rev: number; point: HistoryPoint }> = [];
  /** The newest revision whose history points were dropped from `recentHistory`. */
  private historyDroppedThrough = 0;
  /** Exposure per scope at `exposureRevision`, computed once however many clients look at it. */
  private readonly exposureCache = new Map<ScopeId, Exposure>();
  private exposureRevision = -1;
  private readonly now: () => number;
  private readonly historyBacklog: number;

  constructor(private readonly options: PublicationOptions) {
    this.link = options.initialLink;
    this.now = options.now ?? Date.now;
    this.historyBacklog = options.historyBacklog ?? 10_000;
  }

  get revision(): number {
    this.settle();
    return this.revisions.value;
  }

  apply(event: DomainEvent): void {
    const { book } = this.options;
    switch (event.type) {
      case "link":
        if (JSON.stringify(event.status) !== JSON.stringify(this.link)) {
          this.link = event.status;
          this.changes.mark(LINK);
        }
        return;
      case "accountsListed": {
        const { added, removed, removedPositions } = book.listAccounts(event.accounts);
        if (!added.length && !removed.length) return;
        for (const id of [...added, ...removed]) this.changes.mark(ACCOUNT_PREFIX + id);
        this.markPositions(this.positionChanges, removedPositions);
        if (removed.length) this.retainHistory();
        this.markTotals();
        return;
      }
      case "accountValues": {
        const change = book.applyAccountValues(event.account, event.currency, event.values, event.at);
        if (change.account) {
          this.changes.mark(ACCOUNT_PREFIX + event.account);
          this.markTotals();
        }
        this.markPositions(this.positionFigureChanges, change.positions);
        return;
      }
      case "exchangeRates":
        this.markPositions(this.positionFigureChanges, book.applyExchangeRates(event.account, event.rates, event.at));
        return;
      case "position":
        this.markPositions(this.positionChanges, [book.applyPosition(event)]);
        return;
      case "positionPnl":
        this.markPositions(this.positionFigureChanges, [book.applyPositionPnl(event)]);
        return;
      case "faConfig":
        book.setFaConfig({ groups: event.groups, aliases: event.aliases });
        this.retainHistory();
        this.changes.mark(FA);
        this.markTotals();
        return;
      case "ibMessage":
        return;
    }
  }

  /** Records one intraday sample of every account and the firm. */
  sampleHistory(): void {
    this.settle();
    const { book, history } = this.options;
    const at = this.now();
    const points = history.sample(book.allAccounts(), book.groups(at), book.firm(at), at);
    if (points.length === 0) return;
    this.changes.mark(HISTORY);
    const rev = this.revisions.value;
    for (const point of points) this.recentHistory.push({ rev, point });
    const excess = this.recentHistory.length - this.historyBacklog;
    if (excess > 0) {
      this.historyDroppedThrough = this.recentHistory[excess - 1]!.rev;
      this.recentHistory.splice(0, excess);
    }
  }

  snapshot(view: View): SnapshotBody {
    this.settle();
    const { book, history } = this.options;
    const at = this.now();
    return {
      at,
      link: this.link,
      accounts: book.allAccounts(),
      firm: book.firm(at),
      groups: book.groups(at),
      fa: book.fa(),
      history: history.points(this.seriesOf(view.scope)),
      view,
      exposure: view.exposure ? this.exposure(view.scope, at) : null,
      positions: view.positions ? book.positionsOf(view.scope) : [],
    };
  }

  deltaSince(rev: number, view: View): DeltaBody | null {
    this.settle();
    const { book } = this.options;
    const at = this.now();
    const delta: DeltaBody = { at };
    for (const key of this.changes.changedSince(rev)) {
      if (key.startsWith(ACCOUNT_PREFIX)) {
        const id = key.slice(ACCOUNT_PREFIX.length);
        const account = book.account(id);
        if (account) (delta.accounts ??= []).push(account);
        else (delta.removedAccounts ??= []).push(id);
      } else if (key === LINK) delta.link = this.link;
      else if (key === FIRM) delta.firm = book.firm(at);
      else if (key === GROUPS) delta.groups = book.groups(at);
      else if (key === FA) {
        // Which positions a group view holds depends on the membership: start it afresh.
        if (view.positions && parseScope(view.scope).kind === "group") return null;
        delta.fa = book.fa();
      }
      else if (key === EXPOSURE) {
        if (view.exposure) delta.exposure = this.exposure(view.scope, at);
      }
      else if (key === HISTORY) {
        if (this.historyDroppedThrough > rev) return null;
        const series = this.seriesOf(view.scope);
        delta.history = this.recentHistory
          .filter((entry) => entry.rev > rev && series.has(entry.point.series))
          .map((entry) => entry.point);
      }
    }
    if (view.positions) this.addPositions(delta, rev, view.scope);
    return delta;
  }

  private addPositions(delta: DeltaBody, rev: number, scope: ScopeId): void {
    const { book } = this.options;
    const inScope = new Set(book.scopeAccounts(scope));
    const sentWhole = new Set<string>();
    for (const key of this.positionChanges.changedSince(rev)) {
      const position = book.position(key);
      // A removal goes to every view: its account may have left the scope with it.
      if (!position) (delta.removedPositions ??= []).push(key);
      else if (inScope.has(position.account)) {
        sentWhole.add(key);
        (delta.positions ??= []).push(position);
      }
    }
    for (const key of this.positionFigureChanges.changedSince(rev)) {
      if (sentWhole.has(key) || !inScope.has(accountOfPositionKey(key))) continue;
      const position = book.position(key);
      if (position) (delta.positionFigures ??= []).push(positionFigures(position));
    }
  }

  private exposure(scope: ScopeId, at: number): Exposure {
    // Every caller settles first, so the revision is final for this read.
    if (this.exposureRevision !== this.revisions.value) {
      this.exposureCache.clear();
      this.exposureRevision = this.revisions.value;
    }
    let exposure = this.exposureCache.get(scope);
    if (!exposure) {
      exposure = this.options.book.exposure(scope, at);
      this.exposureCache.set(scope, exposure);
    }
    return exposure;
  }

  private markPositions(log: ChangeLog, keys: ReadonlyArray<string | null>): void {
    let any = false;
    for (const key of keys) {
      if (key === null) continue;
      log.mark(key);
      any = true;
    }
    if (any) this.touched.add(EXPOSURE);
  }

  private markTotals(): void {
    this.touched.add(FIRM);
    this.touched.add(GROUPS);
    this.touched.add(EXPOSURE);
  }

  /**
   * The intraday series a view can chart: the firm's and every group's under All (not
   * every account's: at 500 accounts that grew the overview's snapshot with uptime), else
   * the scope's own and its accounts'.
   */
  private seriesOf(scope: ScopeId): ReadonlySet<string> {
    const parsed = parseScope(scope);
    const { book } = this.options;
    if (parsed.kind === "all") return new Set([FIRM_SERIES, ...book.fa().groups.map((group) => groupScope(group.name))]);
    const accounts = book.scopeAccounts(scope);
    return new Set(parsed.kind === "group" ? [scope, ...accounts] : accounts);
  }

  private retainHistory(): void {
    const { book, history } = this.options;
    history.retain(new Set([...book.accountIds(), ...book.fa().groups.map((group) => groupScope(group.name))]));
  }

  private settle(): void {
    if (this.touched.size === 0) return;
    for (const key of this.touched) this.changes.mark(key);
    this.touched.clear();
  }
}
