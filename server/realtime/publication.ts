import type { Delta, HistoryPoint, LinkStatus, Snapshot } from "@/lib/stream";
import type { DomainEvent } from "@/server/domain/events";
import type { RiskBook } from "@/server/risk/book";
import type { IntradayHistory } from "@/server/risk/intraday-history";
import { ChangeLog } from "./change-log";

const LINK = "link";
const FIRM = "firm";
const HISTORY = "history";
const ACCOUNT_PREFIX = "account:";

export type SnapshotBody = Omit<Snapshot, "seq">;
export type DeltaBody = Omit<Delta, "seq">;

/** What the stream hub reads: the current view and what changed since a revision. */
export interface StreamView {
  readonly revision: number;
  snapshot(): SnapshotBody;
  /** Null when the view can no longer say what changed since `rev` (send a snapshot). */
  deltaSince(rev: number): DeltaBody | null;
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
 * client can be sent exactly what changed since it last heard from us.
 */
export class Publication implements StreamView {
  private readonly changes = new ChangeLog();
  private link: LinkStatus;
  private readonly recentHistory: Array<{ rev: number; point: HistoryPoint }> = [];
  /** The newest revision whose history points were dropped from `recentHistory`. */
  private historyDroppedThrough = 0;
  private readonly now: () => number;
  private readonly historyBacklog: number;

  constructor(private readonly options: PublicationOptions) {
    this.link = options.initialLink;
    this.now = options.now ?? Date.now;
    this.historyBacklog = options.historyBacklog ?? 10_000;
  }

  get revision(): number {
    return this.changes.revision;
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
        const { added, removed } = book.listAccounts(event.accounts);
        for (const id of [...added, ...removed]) this.changes.mark(ACCOUNT_PREFIX + id);
        if (removed.length) this.options.history.retain(new Set(book.accountIds()));
        if (added.length || removed.length) this.changes.mark(FIRM);
        return;
      }
      case "accountValues":
        if (book.applyAccountValues(event.account, event.currency, event.values, event.at)) {
          this.changes.mark(ACCOUNT_PREFIX + event.account);
          this.changes.mark(FIRM);
        }
        return;
      case "ibMessage":
        return;
    }
  }

  /** Records one intraday sample of every account and the firm. */
  sampleHistory(): void {
    const { book, history } = this.options;
    const at = this.now();
    const points = history.sample(book.allAccounts(), book.firm(at), at);
    if (points.length === 0) return;
    this.changes.mark(HISTORY);
    const rev = this.changes.revision;
    for (const point of points) this.recentHistory.push({ rev, point });
    const excess = this.recentHistory.length - this.historyBacklog;
    if (excess > 0) {
      this.historyDroppedThrough = this.recentHistory[excess - 1]!.rev;
      this.recentHistory.splice(0, excess);
    }
  }

  snapshot(): SnapshotBody {
    const { book, history } = this.options;
    const at = this.now();
    return { at, link: this.link, accounts: book.allAccounts(), firm: book.firm(at), history: history.all() };
  }

  deltaSince(rev: number): DeltaBody | null {
    const { book } = this.options;
    const at = this.now();
    const delta: DeltaBody = { at };
    for (const key of this.changes.changedSince(rev)) {
      if (key === LINK) delta.link = this.link;
      else if (key === FIRM) delta.firm = book.firm(at);
      else if (key === HISTORY) {
        if (this.historyDroppedThrough > rev) return null;
        delta.history = this.recentHistory.filter((entry) => entry.rev > rev).map((entry) => entry.point);
      } else {
        const id = key.slice(ACCOUNT_PREFIX.length);
        const account = book.account(id);
        if (account) (delta.accounts ??= []).push(account);
        else (delta.removedAccounts ??= []).push(id);
      }
    }
    return delta;
  }
}
