import { EventName, type IBApi } from "@stoqey/ib";
import type { LinkWarning } from "@/lib/stream";
import type { DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import { listen } from "./feed";

export interface AccountsChange {
  accounts: readonly string[];
  /** Every account the login manages, filter or not: IB's 50-account limits count these. */
  managedCount: number;
  added: readonly string[];
  removed: readonly string[];
}

/** Account ids named in a warning; the rest are counted. */
const NAMED_IN_WARNING = 10;

/**
 * The accounts RiskDesk follows: IB's managed-accounts list (sent on every connect),
 * narrowed by the configured filter. Feeds subscribe to changes of it. A list that leaves
 * nothing to follow, or fewer accounts than before, is a warning until a list that does not.
 */
export class ManagedAccounts {
  private followed: readonly string[] = [];
  private followedSet: ReadonlySet<string> = new Set();
  private readonly filter: ReadonlySet<string>;
  private readonly listeners: Array<(change: AccountsChange) => void> = [];
  private currentWarning: LinkWarning | null = null;

  constructor(
    api: IBApi,
    filter: readonly string[],
    private readonly emit: DomainEventListener,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.filter = new Set(filter);
    listen(api, logger, EventName.managedAccounts, (list: string) => this.onList(list));
  }

  get accounts(): readonly string[] {
    return this.followed;
  }

  has(account: string): boolean {
    return this.followedSet.has(account);
  }

  /** Why the followed accounts may not be the whole book; null when nothing is amiss. */
  get warning(): LinkWarning | null {
    return this.currentWarning;
  }

  onChange(listener: (change: AccountsChange) => void): void {
    this.listeners.push(listener);
  }

  private onList(list: string): void {
    const listed = list.split(",").map((id) => id.trim()).filter(Boolean);
    const accounts = this.filter.size ? listed.filter((id) => this.filter.has(id)) : listed;
    const next = new Set(accounts);
    const added = accounts.filter((id) => !this.followedSet.has(id));
    const removed = this.followed.filter((id) => !next.has(id));
    this.currentWarning = this.warningFor(listed, accounts, removed);
    if (this.currentWarning) this.logger.warn({ listed: listed.length, followed: accounts.length, removed }, this.currentWarning.message);
    this.followed = accounts;
    this.followedSet = next;
    this.emit({ type: "accountsListed", accounts, at: this.now() });
    for (const listener of this.listeners) listener({ accounts, managedCount: listed.length, added, removed });
  }

  private warningFor(listed: readonly string[], followed: readonly string[], removed: readonly string[]): LinkWarning | null {
    const at = this.now();
    if (listed.length === 0) return { message: "IB listed no managed accounts: there is nothing to monitor", at };
    if (followed.length === 0) {
      return { message: `none of the configured accounts (IB_ACCOUNTS) is among the ${listed.length} this login manages`, at };
    }
    if (removed.length === 0) return null;
    const named = removed.slice(0, NAMED_IN_WARNING).join(", ");
    const more = removed.length > NAMED_IN_WARNING ? ` and ${removed.length - NAMED_IN_WARNING} more` : "";
    return { message: `IB no longer lists ${removed.length} account(s) it listed before: ${named}${more}`, at };
  }
}
