import type { Exposure } from "@/lib/exposure";
import { EMPTY_FA_CONFIG, type FaConfig } from "@/lib/fa";
import type { FigureKey } from "@/lib/figures";
import type { Position } from "@/lib/positions";
import { scopeAccounts, scopeId, type Scope } from "@/lib/scope";
import type { AccountRisk, FirmRisk, GroupRisk } from "@/lib/stream";
import type { DomainEvent, IbReading } from "@/server/domain/events";
import { applyValues, setFigure, utilisationFigure } from "./account-figures";
import { computeExposure } from "./exposure";
import { firmTotals } from "./firm-totals";
import { AccountFreshness } from "./freshness";
import { PositionsBook } from "./positions-book";
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from "./thresholds";

/** What an account-values update changed. */
export interface AccountValuesChange {
  figures: FigureKey[];
  currencyChanged: boolean;
  /** Keys of positions revalued (a new net liquidation or currency). */
  positions: string[];
}

const NO_CHANGE: AccountValuesChange = { figures: [], currencyChanged: false, positions: [] };

/**
 * The risk engine's in-memory state: every followed account's figures and positions, the
 * FA groups, and the totals and exposure derived from them per scope (firm, group,
 * account). No I/O and no clock of its own: callers pass the time.
 */
export class RiskBook {
  private readonly accounts = new Map<string, AccountRisk>();
  private readonly freshness = new Map<string, AccountFreshness>();
  private readonly positions = new PositionsBook((id) => ({
    currency: this.accounts.get(id)?.currency ?? null,
    netLiquidation: this.accounts.get(id)?.figures.netLiquidation?.value,
  }));
  private faConfig: FaConfig = EMPTY_FA_CONFIG;
  private firmCache: FirmRisk | null = null;
  private groupsCache: GroupRisk[] | null = null;
  private totalsStale = true;

  constructor(private readonly thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS) {}

  /** The managed-accounts list replaces the set of accounts; returns who left and their positions. */
  listAccounts(ids: readonly string[]): { added: string[]; removed: string[]; removedPositions: string[] } {
    const keep = new Set(ids);
    const removed = [...this.accounts.keys()].filter((id) => !keep.has(id));
    const removedPositions = removed.flatMap((id) => this.positions.dropAccount(id));
    for (const id of removed) {
      this.accounts.delete(id);
      this.freshness.delete(id);
    }
    const added = ids.filter((id) => !this.accounts.has(id));
    for (const id of added) {
      this.accounts.set(id, { accountId: id, currency: null, figures: {} });
      this.freshness.set(id, new AccountFreshness());
    }
    if (added.length || removed.length) this.totalsStale = true;
    return { added, removed, removedPositions };
  }

  /** Values for an account not listed are ignored. */
  applyAccountValues(
    accountId: string,
    currency: string | null,
    values: Partial<Record<FigureKey, IbReading>>,
    at: number,
  ): AccountValuesChange {
    const account = this.accounts.get(accountId);
    if (!account) return NO_CHANGE;
    const previousNetLiq = account.figures.netLiquidation?.value;
    const currencyChanged = currency !== null && currency !== account.currency;
    if (currencyChanged) account.currency = currency;
    const freshness = this.freshness.get(accountId)!;
    freshness.heard(values, at);
    const figures = applyValues(account.figures, values, at, this.thresholds);
    figures.push(...this.markFreshness(account, freshness, at, figures));
    if (!figures.length && !currencyChanged) return NO_CHANGE;
    this.totalsStale = true;
    const basisChanged = currencyChanged || account.figures.netLiquidation?.value !== previousNetLiq;
    return { figures, currencyChanged, positions: basisChanged ? this.positions.revalue(accountId, at) : [] };
  }

  /**
   * Time passed: figures whose feed has been silent past its cadence turn stale. Returns
   * the figures that changed, by account.
   */
  age(at: number): Array<[account: string, figures: FigureKey[]]> {
    const changed: Array<[string, FigureKey[]]> = [];
    for (const [id, account] of this.accounts) {
      const figures = this.markFreshness(account, this.freshness.get(id)!, at, []);
      if (figures.length) changed.push([id, figures]);
    }
    if (changed.length) this.totalsStale = true;
    return changed;
  }

  /** Re-marks an account's figures fresh or stale, and its utilisation with them; returns the figures newly changed. */
  private markFreshness(account: AccountRisk, freshness: AccountFreshness, at: number, alreadyChanged: readonly FigureKey[]): FigureKey[] {
    const marked = freshness.mark(account.figures, at, this.thresholds).filter((key) => !alreadyChanged.includes(key));
    const utilisationChanged = marked.length > 0 && setFigure(account.figures, "marginUtilisation", utilisationFigure(account.figures, this.thresholds), at);
    if (utilisationChanged && !alreadyChanged.includes("marginUtilisation")) marked.push("marginUtilisation");
    return marked;
  }

  applyExchangeRates(accountId: string, rates: Record<string, number | null>, at: number): string[] {
    return this.accounts.has(accountId) ? this.positions.applyRates(accountId, rates, at) : [];
  }

  applyPosition(event: Extract<DomainEvent, { type: "position" }>): string | null {
    return this.accounts.has(event.account) ? this.positions.applyPosition(event) : null;
  }

  applyPositionPnl(event: Extract<DomainEvent, { type: "positionPnl" }>): string | null {
    return this.positions.applyPnl(event);
  }

  setFaConfig(config: FaConfig): void {
    this.faConfig = config;
    this.totalsStale = true;
  }

  fa(): FaConfig {
    return this.faConfig;
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

  position(key: string): Position | undefined {
    return this.positions.get(key);
  }

  /** Firm totals, recomputed only when an account changed since the last call. */
  firm(at: number): FirmRisk {
    this.refreshTotals(at);
    return this.firmCache!;
  }

  /** Totals of every FA group over its followed members. */
  groups(at: number): GroupRisk[] {
    this.refreshTotals(at);
    return this.groupsCache!;
  }

  /** Totals over some accounts alone, as the firm's are over all; `previous` keeps the change times of totals that did not move. */
  totalsOf(accountIds: readonly string[], previous: FirmRisk | null, at: number): FirmRisk {
    return firmTotals(accountIds.flatMap((id) => this.accounts.get(id) ?? []), previous, at, this.thresholds);
  }

  /** The followed accounts a scope covers, sorted. */
  scopeAccounts(scope: Scope): readonly string[] {
    // One account needs no sorted list of all of them (the alert rules ask for each account every tick).
    if (scope.kind === "account") return this.accounts.has(scope.id) ? [scope.id] : [];
    return scopeAccounts(scope, this.accountIds(), this.faConfig.groups);
  }

  positionsOf(scope: Scope): Position[] {
    return [...this.positions.ofAccounts(this.scopeAccounts(scope))];
  }

  exposure(scope: Scope, at: number): Exposure {
    const accounts = this.scopeAccounts(scope);
    const totals = this.scopeTotals(scope, accounts, at);
    return computeExposure(
      this.positions.ofAccounts(accounts),
      {
        scope: scopeId(scope),
        currency: totals.currency,
        netLiquidation: totals.figures.netLiquidation?.value,
        accountCurrency: (id) => this.accounts.get(id)?.currency ?? null,
      },
      at,
      this.thresholds,
    );
  }

  private scopeTotals(scope: Scope, accounts: readonly string[], at: number): Pick<FirmRisk, "currency" | "figures"> {
    if (scope.kind === "all") return this.firm(at);
    if (scope.kind === "group") return this.groups(at).find((group) => group.name === scope.name) ?? firmTotals([], null, at, this.thresholds);
    const account = this.accounts.get(accounts[0] ?? "");
    return account ?? firmTotals([], null, at, this.thresholds);
  }

  private refreshTotals(at: number): void {
    if (!this.totalsStale && this.firmCache && this.groupsCache) return;
    this.firmCache = firmTotals(this.accounts.values(), this.firmCache, at, this.thresholds);
    const previous = new Map((this.groupsCache ?? []).map((group) => [group.name, group]));
    this.groupsCache = this.faConfig.groups.map((group) => {
      const members = group.accounts.flatMap((id) => this.accounts.get(id) ?? []);
      return { name: group.name, ...firmTotals(members, previous.get(group.name) ?? null, at, this.thresholds) };
    });
    this.totalsStale = false;
  }
}
