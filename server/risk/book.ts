import type { FigureKey } from "@/lib/figures";
import type { AccountRisk, FirmRisk } from "@/lib/stream";
import { applyValues } from "./account-figures";
import { firmTotals } from "./firm-totals";

/**
 * The risk engine's in-memory state: every followed account's figures and the firm
 * totals derived from them. No I/O and no clock of its own: callers pass the time.
 */
export class RiskBook {
  private readonly accounts = new Map<string, AccountRisk>();
  private firmCache: FirmRisk | null = null;
  private firmStale = true;

  /** The managed-accounts list replaces the set of accounts; returns who left. */
  listAccounts(ids: readonly string[]): { added: string[]; removed: string[] } {
    const keep = new Set(ids);
    const removed = [...this.accounts.keys()].filter((id) => !keep.has(id));
    for (const id of removed) this.accounts.delete(id);
    const added = ids.filter((id) => !this.accounts.has(id));
    for (const id of added) this.accounts.set(id, { accountId: id, currency: null, figures: {} });
    if (added.length || removed.length) this.firmStale = true;
    return { added, removed };
  }

  /** Returns whether the account changed. Values for an account not listed are ignored. */
  applyAccountValues(
    accountId: string,
    currency: string | null,
    values: Partial<Record<FigureKey, number>>,
    at: number,
  ): boolean {
    const account = this.accounts.get(accountId);
    if (!account) return false;
    let changed = false;
    if (currency && currency !== account.currency) {
      account.currency = currency;
      changed = true;
    }
    changed = applyValues(account.figures, values, at) || changed;
    if (changed) this.firmStale = true;
    return changed;
  }

  account(id: string): AccountRisk | undefined {
    return this.accounts.get(id);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()].sort();
  }

  allAccounts(): AccountRisk[] {
    return this.accountIds().map((id) => this.accounts.get(id)!);
  }

  /** Firm totals, recomputed only when an account changed since the last call. */
  firm(at: number): FirmRisk {
    if (this.firmStale || !this.firmCache) {
      this.firmCache = firmTotals(this.accounts.values(), this.firmCache, at);
      this.firmStale = false;
    }
    return this.firmCache;
  }
}
