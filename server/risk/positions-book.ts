import { positionKey, type Position } from "@/lib/positions";
import type { DomainEvent } from "@/server/domain/events";
import { ratio } from "./account-figures";

type PositionEvent = Extract<DomainEvent, { type: "position" }>;
type PositionPnlEvent = Extract<DomainEvent, { type: "positionPnl" }>;

/** What the positions book needs to know of an account to value its positions. */
export interface AccountBasis {
  currency: string | null;
  /** Null or undefined: unavailable or not reported; positions then have no share of it. */
  netLiquidation: number | null | undefined;
}

/**
 * Every open position with its live P&L, valued in its account's base currency at IB's own
 * exchange rates. Mutates in place and returns the keys it changed; pure otherwise.
 */
export class PositionsBook {
  private readonly positions = new Map<string, Position>();
  private readonly keysByAccount = new Map<string, Set<string>>();
  /** account → currency → units of base currency per unit. */
  private readonly rates = new Map<string, Record<string, number>>();

  constructor(private readonly basisOf: (account: string) => AccountBasis) {}

  get size(): number {
    return this.positions.size;
  }

  get(key: string): Position | undefined {
    return this.positions.get(key);
  }

  *ofAccounts(accounts: Iterable<string>): Iterable<Position> {
    for (const account of accounts) {
      for (const key of this.keysByAccount.get(account) ?? []) yield this.positions.get(key)!;
    }
  }

  /** Returns the changed key, which is gone from the book when the position closed. */
  applyPosition(event: PositionEvent): string | null {
    const { account, contract } = event;
    const key = positionKey(account, contract.conId);
    const existing = this.positions.get(key);
    if (event.position === 0) {
      if (!existing) return null;
      this.positions.delete(key);
      this.keysByAccount.get(account)?.delete(key);
      return key;
    }
    if (existing && existing.position === event.position && existing.avgCost === event.avgCost) return null;
    const position: Position = existing
      ? { ...existing, position: event.position, avgCost: event.avgCost, changedAt: event.at }
      : {
          key,
          account,
          conId: contract.conId,
          symbol: contract.symbol,
          localSymbol: contract.localSymbol,
          underlying: contract.symbol,
          secType: contract.secType,
          expiry: contract.expiry,
          strike: contract.strike,
          right: contract.right,
          multiplier: contract.multiplier,
          currency: contract.currency,
          position: event.position,
          avgCost: event.avgCost,
          marketValue: null,
          marketValueBase: null,
          shareOfNetLiq: null,
          dailyPnL: null,
          unrealizedPnL: null,
          realizedPnL: null,
          changedAt: event.at,
        };
    this.store(position);
    return key;
  }

  applyPnl(event: PositionPnlEvent): string | null {
    const key = positionKey(event.account, event.conId);
    const existing = this.positions.get(key);
    if (!existing) return null;
    const figures = {
      marketValue: event.value,
      dailyPnL: event.dailyPnL,
      unrealizedPnL: event.unrealizedPnL,
      realizedPnL: event.realizedPnL,
      ...this.baseValues(existing.account, existing.currency, event.value),
    };
    if (sameFigures(existing, figures)) return null;
    this.store({ ...existing, ...figures, changedAt: event.at });
    return key;
  }

  /** A null rate forgets that currency's rate: IB no longer has one. */
  applyRates(account: string, rates: Record<string, number | null>, at: number): string[] {
    const known = { ...this.rates.get(account) };
    for (const [currency, rate] of Object.entries(rates)) {
      if (rate === null) delete known[currency];
      else known[currency] = rate;
    }
    this.rates.set(account, known);
    return this.revalue(account, at);
  }

  /** Re-derives base values and shares of an account's positions (new rates or net liquidation). */
  revalue(account: string, at: number): string[] {
    const changed: string[] = [];
    for (const key of this.keysByAccount.get(account) ?? []) {
      const existing = this.positions.get(key)!;
      const base = this.baseValues(account, existing.currency, existing.marketValue);
      if (base.marketValueBase !== existing.marketValueBase || base.shareOfNetLiq !== existing.shareOfNetLiq) {
        this.store({ ...existing, ...base, changedAt: at });
        changed.push(key);
      }
    }
    return changed;
  }

  /** Forgets every position of an account that is no longer followed; returns their keys. */
  dropAccount(account: string): string[] {
    const keys = [...(this.keysByAccount.get(account) ?? [])];
    for (const key of keys) this.positions.delete(key);
    this.keysByAccount.delete(account);
    this.rates.delete(account);
    return keys;
  }

  private baseValues(account: string, currency: string, marketValue: number | null) {
    const basis = this.basisOf(account);
    const rate = currency === basis.currency ? 1 : this.rates.get(account)?.[currency];
    const marketValueBase = marketValue !== null && rate !== undefined ? marketValue * rate : null;
    const shareOfNetLiq = marketValueBase === null ? null : (ratio(Math.abs(marketValueBase), basis.netLiquidation) ?? null);
    return { marketValueBase, shareOfNetLiq };
  }

  private store(position: Position): void {
    this.positions.set(position.key, position);
    let keys = this.keysByAccount.get(position.account);
    if (!keys) this.keysByAccount.set(position.account, (keys = new Set()));
    keys.add(position.key);
  }
}

type LiveFigures = Pick<Position, "marketValue" | "marketValueBase" | "shareOfNetLiq" | "dailyPnL" | "unrealizedPnL" | "realizedPnL">;

function sameFigures(a: LiveFigures, b: LiveFigures): boolean {
  return (
    a.marketValue === b.marketValue &&
    a.marketValueBase === b.marketValueBase &&
    a.shareOfNetLiq === b.shareOfNetLiq &&
    a.dailyPnL === b.dailyPnL &&
    a.unrealizedPnL === b.unrealizedPnL &&
    a.realizedPnL === b.realizedPnL
  );
}
