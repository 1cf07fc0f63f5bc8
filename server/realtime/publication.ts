import type { Alert } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import type { FigureKey, FigureSet } from "@/lib/figures";
import { accountOfPositionKey, positionFigures } from "@/lib/positions";
import { ALL_SCOPE, accountScope, parseScope, scopeId, type Scope, type ScopeId } from "@/lib/scope";
import type { DeltaBody, FigurePatch, FirmRisk, GroupRisk, HistoryPoint, SnapshotBody, StoreStatus, View } from "@/lib/stream";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";
import type { Changes, EngineEvent, RiskEngine } from "@/server/risk/engine";
import { ChangeLog, FigureLog, PartRevisions, RevisionCounter } from "./change-log";

/** What the stream hub reads: the current view and what changed since a revision. */
export interface StreamView {
  readonly revision: number;
  snapshot(view: View): SnapshotBody;
  /** Null when the view can no longer say what changed since `rev` (send a snapshot). */
  deltaSince(rev: number, view: View): DeltaBody | null;
}

/** A stream view that can be narrowed to what a limited user may see (see granted-view.ts). */
export interface GrantableView extends StreamView {
  accountIds(): string[];
  fa(): FaConfig;
  /** Totals over some accounts alone, computed by the engine like the firm's. */
  totalsOf(accountIds: readonly string[], previous: FirmRisk | null, at: number): FirmRisk;
  /** The active alert with this id, if there is one. */
  activeAlert(id: string): Alert | undefined;
}

export interface PublicationOptions {
  engine: RiskEngine;
  now?: () => number;
  /** History points kept for clients that are behind; older ones need a snapshot. */
  historyBacklog?: number;
  /** Cleared alerts remembered for clients that are behind; older clears need a snapshot. */
  clearedAlertBacklog?: number;
}

/** Parts that change as a whole. The firm's and the groups' "frames" are what their figures do not say: currency and coverage. */
type Part = "link" | "fa" | "accountIds" | "firm" | "groups" | "exposure" | "store" | "ordersNote";

/**
 * The engine's state as browsers receive it: records the changes each event makes, in typed
 * logs on one revision counter, and renders each view from them: a snapshot, or exactly
 * what changed since a revision within the view's scope. No risk rule lives here.
 */
export class Publication implements GrantableView {
  private readonly revisions = new RevisionCounter();
  private readonly parts = new PartRevisions<Part>(this.revisions);
  /** Accounts sent whole: new, gone, or with a new currency. */
  private readonly accounts = new ChangeLog(this.revisions);
  private readonly accountFigures = new FigureLog(this.revisions);
  private readonly firmFigures = new FigureLog(this.revisions);
  private readonly groupFigures = new FigureLog(this.revisions);
  /**
   * Positions are kept apart so that views without them never walk through 20,000 keys:
   * openings, closes and size changes (sent whole), and live figures alone (sent as tuples).
   */
  private readonly positions = new ChangeLog(this.revisions);
  private readonly positionFigures = new ChangeLog(this.revisions);
  /** Working orders that came, changed or ended: few, and sent whole. */
  private readonly orders = new ChangeLog(this.revisions);
  /** Accounts whose positions or figures moved: a scope's exposure is re-sent only when one of its own did. */
  private readonly exposureAccounts = new ChangeLog(this.revisions);
  /** Accounts moved since the last read: logged once per read, not once per P&L message. */
  private readonly movedAccounts = new Set<string>();
  /**
   * Totals and exposure are derived when read, once per batch of events rather than once
   * per event (20,000 P&L messages a tick), and compared with what was last published.
   */
  private totalsMoved = false;
  private publishedFirm: FirmRisk | null = null;
  private publishedGroups: readonly GroupRisk[] = [];
  private readonly recentHistory: Array<{ rev: number; point: HistoryPoint }> = [];
  /** The newest revision whose history points were dropped from `recentHistory`. */
  private historyDroppedThrough = 0;
  /** Exposure per scope at `exposureRevision`, computed once however many clients look at it. */
  private readonly exposureCache = new Map<ScopeId, Exposure>();
  private exposureRevision = -1;
  /** Active alerts as published, in the order they were raised, and those cleared recently with the revision of their clear. */
  private readonly alerts = new Map<string, Alert>();
  private readonly clearedAlerts = new Map<string, { alert: Alert; rev: number }>();
  private readonly alertLog = new ChangeLog(this.revisions);
  /** The newest revision whose clear was forgotten: a client behind it needs a snapshot. */
  private clearsForgottenThrough = 0;
  private readonly engine: RiskEngine;
  private readonly now: () => number;
  private readonly historyBacklog: number;
  private readonly clearedAlertBacklog: number;
  /** The store's writes as last published; null for a backend without a store. */
  private store: StoreStatus | null = null;

  constructor(options: PublicationOptions) {
    this.engine = options.engine;
    this.now = options.now ?? Date.now;
    this.historyBacklog = options.historyBacklog ?? 10_000;
    this.clearedAlertBacklog = options.clearedAlertBacklog ?? 1000;
  }

  get revision(): number {
    this.settle();
    return this.revisions.value;
  }

  accountIds(): string[] {
    return this.engine.accountIds();
  }

  fa(): FaConfig {
    return this.engine.fa();
  }

  totalsOf(accountIds: readonly string[], previous: FirmRisk | null, at: number): FirmRisk {
    this.settle();
    return this.engine.totalsOf(accountIds, previous, at);
  }

  /** Applies an event to the engine and records what it changed; returns the engine's changes. */
  apply(event: EngineEvent): Changes {
    const changes = this.engine.apply(event);
    this.record(changes);
    return changes;
  }

  activeAlert(id: string): Alert | undefined {
    return this.alerts.get(id);
  }

  /** Every active alert, oldest first. */
  activeAlerts(): Alert[] {
    return [...this.alerts.values()];
  }

  /** Records the engine's alert transitions for the stream. */
  recordAlerts(changes: readonly AlertTransition[]): void {
    for (const { change, alert } of changes) {
      this.alertLog.mark(alert.id);
      if (change !== "cleared") {
        this.alerts.set(alert.id, alert);
        continue;
      }
      this.alerts.delete(alert.id);
      this.clearedAlerts.set(alert.id, { alert, rev: this.revisions.value });
      if (this.clearedAlerts.size > this.clearedAlertBacklog) {
        const [oldest] = this.clearedAlerts;
        this.clearedAlerts.delete(oldest![0]);
        this.clearsForgottenThrough = oldest![1].rev;
      }
    }
  }

  /** The store's writes: published when their state changes, and while it is not ok when the queue does. */
  setStore(status: StoreStatus): void {
    if (this.store && !storeStatusMoved(this.store, status)) return;
    this.store = status;
    this.parts.mark("store");
  }

  snapshot(view: View): SnapshotBody {
    this.settle();
    const { engine } = this;
    const scope = parseScope(view.scope);
    const at = this.now();
    return {
      at,
      link: engine.link,
      accountIds: engine.accountIds(),
      accounts: engine.accountsOf(scope),
      firm: engine.firm(at),
      groups: engine.groups(at),
      fa: engine.fa(),
      history: engine.historyOf(engine.seriesOf(scope)),
      view,
      exposure: view.exposure ? this.exposure(scope, at) : null,
      positions: view.positions ? engine.positionsOf(scope) : [],
      ...(this.store && { store: this.store }),
      alerts: this.activeAlerts().filter(alertInView(scope, new Set(engine.scopeAccounts(scope)))),
      orders: view.orders ? engine.allOrders() : [],
      ordersNote: view.orders ? engine.ordersNote() : null,
    };
  }

  deltaSince(rev: number, view: View): DeltaBody | null {
    this.settle();
    const { engine, parts } = this;
    const scope = parseScope(view.scope);
    const at = this.now();
    const delta: DeltaBody = { at };
    if (parts.changedSince("fa", rev)) {
      // Which accounts a group's view covers depends on the membership: start it afresh.
      if (scope.kind === "group") return null;
      delta.fa = engine.fa();
    }
    if (parts.changedSince("link", rev)) delta.link = engine.link;
    if (this.store && parts.changedSince("store", rev)) delta.store = this.store;
    if (parts.changedSince("accountIds", rev)) delta.accountIds = engine.accountIds();
    const inScope = new Set(engine.scopeAccounts(scope));
    this.addAccounts(delta, rev, inScope);
    if (parts.changedSince("firm", rev)) delta.firm = engine.firm(at);
    else delta.firmFigures = this.firmPatch(rev);
    if (parts.changedSince("groups", rev)) delta.groups = engine.groups(at);
    else this.addGroupPatches(delta, rev);
    if (view.exposure && this.exposureMoved(rev, inScope)) delta.exposure = this.exposure(scope, at);
    if ((this.recentHistory.at(-1)?.rev ?? 0) > rev) {
      if (this.historyDroppedThrough > rev) return null;
      const series = engine.seriesOf(scope);
      const points = this.recentHistory.filter((entry) => entry.rev > rev && series.has(entry.point.series));
      if (points.length) delta.history = points.map((entry) => entry.point);
    }
    if (view.positions) this.addPositions(delta, rev, inScope);
    if (view.orders) this.addOrders(delta, rev);
    return this.addAlerts(delta, rev, scope, inScope);
  }

  private record(changes: Changes): void {
    if (changes.link) this.parts.mark("link");
    if (changes.fa) {
      this.parts.mark("fa");
      this.parts.mark("exposure");
    }
    if (changes.accounts.length) this.parts.mark("accountIds");
    for (const id of changes.accounts) {
      this.accounts.mark(id);
      this.movedAccounts.add(id);
    }
    for (const [account, figures] of changes.accountFigures) {
      for (const figure of figures) this.accountFigures.mark(account, figure);
      this.movedAccounts.add(account);
    }
    for (const key of changes.positions) {
      this.positions.mark(key);
      this.movedAccounts.add(accountOfPositionKey(key));
    }
    for (const key of changes.positionFigures) {
      this.positionFigures.mark(key);
      this.movedAccounts.add(accountOfPositionKey(key));
    }
    for (const key of changes.orders) this.orders.mark(key);
    if (changes.ordersNote) this.parts.mark("ordersNote");
    if (changes.totals) this.totalsMoved = true;
    if (changes.history.length) this.recordHistory(changes.history);
    if (changes.alerts.length) this.recordAlerts(changes.alerts);
  }

  private recordHistory(points: readonly HistoryPoint[]): void {
    const rev = ++this.revisions.value;
    for (const point of points) this.recentHistory.push({ rev, point });
    const excess = this.recentHistory.length - this.historyBacklog;
    if (excess > 0) {
      this.historyDroppedThrough = this.recentHistory[excess - 1]!.rev;
      this.recentHistory.splice(0, excess);
    }
  }

  /** Derives the totals once for the events since the last read and logs what they changed. */
  private settle(): void {
    for (const account of this.movedAccounts) this.exposureAccounts.mark(account);
    this.movedAccounts.clear();
    if (!this.totalsMoved) return;
    this.totalsMoved = false;
    const at = this.now();
    const firm = this.engine.firm(at);
    const groups = this.engine.groups(at);
    const previousFirm = this.publishedFirm;
    if (!previousFirm || !sameFrame(previousFirm, firm)) this.parts.mark("firm");
    else for (const figure of changedFigures(previousFirm.figures, firm.figures)) this.firmFigures.mark("", figure);
    const previousGroups = this.publishedGroups;
    if (previousGroups.length !== groups.length || groups.some((group, i) => group.name !== previousGroups[i]!.name || !sameFrame(previousGroups[i]!, group))) {
      this.parts.mark("groups");
    } else {
      groups.forEach((group, i) => {
        for (const figure of changedFigures(previousGroups[i]!.figures, group.figures)) this.groupFigures.mark(group.name, figure);
      });
    }
    this.publishedFirm = firm;
    this.publishedGroups = groups;
  }

  private exposureMoved(rev: number, inScope: ReadonlySet<string>): boolean {
    return this.parts.changedSince("exposure", rev) || this.exposureAccounts.changedSince(rev).some((account) => inScope.has(account));
  }

  private addAccounts(delta: DeltaBody, rev: number, inScope: ReadonlySet<string>): void {
    const sentWhole = new Set<string>();
    for (const id of this.accounts.changedSince(rev)) {
      const account = inScope.has(id) ? this.engine.account(id) : undefined;
      if (!account) continue;
      sentWhole.add(id);
      (delta.accounts ??= []).push(account);
    }
    for (const [id, figures] of this.accountFigures.changedSince(rev)) {
      const account = !sentWhole.has(id) && inScope.has(id) ? this.engine.account(id) : undefined;
      if (account) (delta.accountFigures ??= []).push([id, patchOf(account.figures, figures)]);
    }
  }

  private firmPatch(rev: number): FigurePatch | undefined {
    const figures = this.firmFigures.changedSince(rev).get("");
    return figures && this.publishedFirm ? patchOf(this.publishedFirm.figures, figures) : undefined;
  }

  private addGroupPatches(delta: DeltaBody, rev: number): void {
    for (const [name, figures] of this.groupFigures.changedSince(rev)) {
      const group = this.publishedGroups.find((candidate) => candidate.name === name);
      if (group) (delta.groupFigures ??= []).push([name, patchOf(group.figures, figures)]);
    }
  }

  private addPositions(delta: DeltaBody, rev: number, inScope: ReadonlySet<string>): void {
    const { engine } = this;
    const sentWhole = new Set<string>();
    for (const key of this.positions.changedSince(rev)) {
      const position = engine.position(key);
      // A removal goes to every view: its account may have left the scope with it.
      if (!position) (delta.removedPositions ??= []).push(key);
      else if (inScope.has(position.account)) {
        sentWhole.add(key);
        (delta.positions ??= []).push(position);
      }
    }
    for (const key of this.positionFigures.changedSince(rev)) {
      if (sentWhole.has(key) || !inScope.has(accountOfPositionKey(key))) continue;
      const position = engine.position(key);
      if (position) (delta.positionFigures ??= []).push(positionFigures(position));
    }
  }

  /** The view's alerts raised, changed or cleared since `rev`; null when a clear it missed is forgotten. */
  private addAlerts(delta: DeltaBody, rev: number, scope: Scope, inScope: ReadonlySet<string>): DeltaBody | null {
    const changed = this.alertLog.changedSince(rev);
    if (!changed.length) return delta;
    if (this.clearsForgottenThrough > rev) return null;
    const inView = alertInView(scope, inScope);
    for (const id of changed) {
      const active = this.alerts.get(id);
      if (active) {
        if (inView(active)) (delta.alerts ??= []).push(active);
        continue;
      }
      const cleared = this.clearedAlerts.get(id);
      if (cleared && inView(cleared.alert)) (delta.clearedAlerts ??= []).push(id);
    }
    return delta;
  }

  /** Orders are not narrowed to the view's scope: the blotter filters them itself. */
  private addOrders(delta: DeltaBody, rev: number): void {
    for (const key of this.orders.changedSince(rev)) {
      const order = this.engine.order(key);
      if (order) (delta.orders ??= []).push(order);
      else (delta.removedOrders ??= []).push(key);
    }
    const note = this.parts.changedSince("ordersNote", rev) ? this.engine.ordersNote() : null;
    if (note) delta.ordersNote = note;
  }

  private exposure(scope: Scope, at: number): Exposure {
    // Every caller settles first, so the revision is final for this read.
    if (this.exposureRevision !== this.revisions.value) {
      this.exposureCache.clear();
      this.exposureRevision = this.revisions.value;
    }
    const id = scopeId(scope);
    let exposure = this.exposureCache.get(id);
    if (!exposure) {
      exposure = this.engine.exposure(scope, at);
      this.exposureCache.set(id, exposure);
    }
    return exposure;
  }
}

/** Whether the link panel would say something new: the queue's size while it is behind, not its every batch while writes keep up. */
function storeStatusMoved(before: StoreStatus, after: StoreStatus): boolean {
  if (before.state !== after.state || before.droppedSamples !== after.droppedSamples) return true;
  return after.state !== "ok" && (before.queued !== after.queued || before.queuedAlerts !== after.queuedAlerts || before.lastError !== after.lastError);
}

/**
 * Which alerts a view shows: under All every one; under a group or an account those of the
 * scope itself and of the accounts it covers (never the firm's, nor another group's).
 */
function alertInView(scope: Scope, inScope: ReadonlySet<string>): (alert: Alert) => boolean {
  if (scope.kind === "all") return () => true;
  const id = scopeId(scope);
  const accountScopes = new Set([...inScope].map(accountScope));
  return (alert) => alert.scope !== ALL_SCOPE && (alert.scope === id || accountScopes.has(alert.scope));
}

/** Whether two totals cover the same accounts in the same currency. */
function sameFrame(a: FirmRisk, b: FirmRisk): boolean {
  return a.currency === b.currency && a.accountCount === b.accountCount && a.excludedAccounts.join() === b.excludedAccounts.join();
}

/** Figures whose object changed: the engine replaces a figure only when it changes. */
function changedFigures(before: FigureSet, after: FigureSet): FigureKey[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as FigureKey[]);
  return [...keys].filter((key) => before[key] !== after[key]);
}

function patchOf(figures: FigureSet, keys: readonly FigureKey[]): FigurePatch {
  const patch: FigurePatch = {};
  for (const key of keys) patch[key] = figures[key] ?? null;
  return patch;
}
