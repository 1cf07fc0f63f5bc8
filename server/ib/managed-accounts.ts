import { EventName, type IBApi } from "@stoqey/ib";
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

/**
 * The accounts RiskDesk follows: IB's managed-accounts list (sent on every connect),
 * narrowed by the configured filter. Feeds subscribe to changes of it.
 */
export class ManagedAccounts {
  private followed: readonly string[] = [];
  private followedSet: ReadonlySet<string> = new Set();
  private readonly filter: ReadonlySet<string>;
  private readonly listeners: Array<(change: AccountsChange) => void> = [];

  constructor(
    api: IBApi,
    filter: readonly string[],
    private readonly emit: DomainEventListener,
    private readonly now: () => number,
    logger: Logger,
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

  onChange(listener: (change: AccountsChange) => void): void {
    this.listeners.push(listener);
  }

  private onList(list: string): void {
    const listed = list.split(",").map((id) => id.trim()).filter(Boolean);
    const accounts = this.filter.size ? listed.filter((id) => this.filter.has(id)) : listed;
    const next = new Set(accounts);
    const added = accounts.filter((id) => !this.followedSet.has(id));
    const removed = this.followed.filter((id) => !next.has(id));
    this.followed = accounts;
    this.followedSet = next;
    this.emit({ type: "accountsListed", accounts, at: this.now() });
    for (const listener of this.listeners) listener({ accounts, managedCount: listed.length, added, removed });
  }
}
