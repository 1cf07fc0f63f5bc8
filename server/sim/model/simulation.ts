/**
 * The shared state behind every session: portfolio, prices and the figures derived from them.
 * Figures are computed at most once per price change and shared by all sessions.
 */
import { accountFigures, valueAccount, type AccountFigures } from "./account-figures";
import { faConfigOf, type FaConfig } from "./fa";
import { fxPairOf } from "./instruments";
import { checkMarginMultiplier } from "./margin";
import { buildPortfolio, type FaGroup, type Portfolio, type SubAccount } from "./portfolio";
import { OrderBook, type Allocation, type OrderFill, type SimOrder } from "./orders";
import { holdingsOf, positionLine, type Holding, type PositionLine, type SimPosition } from "./positions";
import { PriceBook } from "./prices";
import { Rng } from "./rng";
import { tradeTo } from "./trading";
import { WireOverrides } from "./wire-overrides";

/** Keeps the price path independent of how many accounts were generated from the same seed. */
const PRICE_STREAM_SALT = 0x9e3779b9;

export class UnknownAccountError extends Error {
  override readonly name = "UnknownAccountError";
}

export interface SimulationOptions {
  /** Position lines per account (including the EUR.USD cash line); default: by risk profile. */
  positionsPerAccount?: number;
  /** An advisor login with sub-accounts (default) or a single individual account. */
  fa?: boolean;
}

/** A position that changed: subscribers of positions hear about it. */
export interface PositionChange {
  account: string;
  conId: number;
}

/** An order fill with the positions it changed. */
export interface BookedFill extends OrderFill {
  changes: PositionChange[];
}

export class Simulation {
  readonly portfolio: Portfolio;
  readonly prices: PriceBook;
  readonly accountIds: readonly string[];
  /** What the control surface makes the gateway send instead of the true values. */
  readonly overrides = new WireOverrides();
  /** Every order of the login, seeded with working orders at start. */
  readonly orders: OrderBook;
  private readonly walkRng: Rng;
  private readonly accountsById: Map<string, SubAccount>;
  /** Per account, its holdings by conId (every conId it ever held, flat ones included). */
  private readonly holdings = new Map<string, Map<number, Holding>>();
  private figuresCache = new Map<string, AccountFigures>();
  /** Accounts whose margin requirements a stress (a margin squeeze) raises; absent = 1. */
  private readonly marginMultipliers = new Map<string, number>();
  private ticks = 0;

  constructor(seed: number, accountCount: number, options: SimulationOptions = {}) {
    const setupRng = new Rng(seed);
    this.prices = new PriceBook(setupRng);
    this.portfolio = buildPortfolio(
      setupRng,
      { accountCount, positionsPerAccount: options.positionsPerAccount, fa: options.fa },
      this.prices,
      (account) => valueAccount(account, this.prices),
    );
    this.walkRng = new Rng(seed ^ PRICE_STREAM_SALT);
    this.accountIds = this.portfolio.accounts.map((account) => account.id);
    this.accountsById = new Map(this.portfolio.accounts.map((account) => [account.id, account]));
    for (const account of this.portfolio.accounts) this.indexHoldings(account);
    this.orders = new OrderBook(this.prices);
    this.orders.seed(seed, this.accountIds, this.portfolio.groups.map((group) => group.name));
  }

  get tickCount(): number {
    return this.ticks;
  }

  get isFa(): boolean {
    return this.portfolio.fa;
  }

  tick(): void {
    this.prices.walk(this.walkRng);
    this.ticks++;
    this.figuresCache.clear();
  }

  shock(percent: number, symbol?: string): void {
    this.prices.shock(percent, symbol);
    this.figuresCache.clear();
  }

  hasAccount(accountId: string): boolean {
    return this.accountsById.has(accountId);
  }

  figures(accountId: string): AccountFigures {
    let figures = this.figuresCache.get(accountId);
    if (!figures) {
      figures = accountFigures(this.account(accountId), this.prices, this.marginMultipliers.get(accountId));
      this.figuresCache.set(accountId, figures);
    }
    return figures;
  }

  /** Raises the account's margin requirements by `multiplier` (1 = the normal rules). */
  setMarginMultiplier(accountId: string, multiplier: number): void {
    this.account(accountId);
    checkMarginMultiplier(multiplier);
    if (multiplier === 1) this.marginMultipliers.delete(accountId);
    else this.marginMultipliers.set(accountId, multiplier);
    this.figuresCache.delete(accountId);
  }

  group(name: string): FaGroup | undefined {
    return this.portfolio.groups.find((group) => group.name === name);
  }

  alias(accountId: string): string {
    return this.account(accountId).alias;
  }

  faConfig(): FaConfig {
    return faConfigOf(this.portfolio.accounts, this.portfolio.groups);
  }

  /** Open positions (not flat) of one account or of all, as they are sent now. */
  positionLines(accountId?: string): PositionLine[] {
    const accounts = accountId === undefined ? this.portfolio.accounts : [this.account(accountId)];
    const lines: PositionLine[] = [];
    for (const account of accounts) {
      for (const holding of this.holdings.get(account.id)!.values()) {
        const line = positionLine(account, holding, this.prices);
        if (line.figures.position !== 0) lines.push(line);
      }
    }
    return lines;
  }

  positions(accountId?: string): SimPosition[] {
    return this.positionLines(accountId).map((line) => line.figures);
  }

  /** The account's position in `conId` (flat if closed today); undefined if it never held it. */
  positionLine(accountId: string, conId: number): PositionLine | undefined {
    const account = this.accountsById.get(accountId);
    const holding = this.holdings.get(accountId)?.get(conId);
    return account && holding ? positionLine(account, holding, this.prices) : undefined;
  }

  /** Sets a position to `quantity` (0 closes it) at the current price; returns what changed. */
  trade(accountId: string, conId: number, quantity: number): PositionChange[] {
    const account = this.account(accountId);
    const changed = tradeTo(account, conId, quantity, this.prices);
    if (changed.length > 0) {
      this.indexHoldings(account);
      this.figuresCache.delete(accountId);
    }
    return changed.map((id) => ({ account: accountId, conId: id }));
  }

  /** Fills the working orders the current prices cross and books them into the positions. */
  matchOrders(): BookedFill[] {
    return this.orders.matchPrices().map((fill) => this.book(fill));
  }

  /**
   * Fills up to `count` working orders at the current prices (a burst of fills); with `accountId`,
   * only the orders booked to that account (its own, and its FA groups' allocated to it).
   */
  fillOrders(count: number, accountId?: string): BookedFill[] {
    if (accountId !== undefined) this.account(accountId);
    const which = accountId === undefined ? undefined : (order: SimOrder) => this.allocationOf(order, order.totalQuantity).some((a) => a.account === accountId);
    return this.orders.fillWorking(count, which).map((fill) => this.book(fill));
  }

  /**
   * How an execution of `shares` is booked: to the order's account, or split equally over its
   * FA group's members (the first takes the remainder), leaving out empty ones.
   */
  allocationOf(order: SimOrder, shares: number): Allocation[] {
    if (order.account !== "") return [{ account: order.account, shares, index: 0 }];
    const members = this.group(order.faGroup)?.accounts ?? [];
    const each = Math.trunc(shares / Math.max(1, members.length));
    return members
      .map((account, position) => ({ account, shares: position === 0 ? shares - each * (members.length - 1) : each }))
      .filter((allocation) => allocation.shares !== 0)
      .map((allocation, index) => ({ ...allocation, index }));
  }

  private book(fill: OrderFill): BookedFill {
    const { order, execution } = fill;
    const sign = order.action === "BUY" ? 1 : -1;
    const changes: PositionChange[] = [];
    for (const { account, shares } of this.allocationOf(order, execution.shares)) {
      const current = this.positionLine(account, order.contract.conId)?.figures.position ?? 0;
      changes.push(...this.trade(account, order.contract.conId, current + sign * shares));
    }
    return { ...fill, changes };
  }

  private account(accountId: string): SubAccount {
    const account = this.accountsById.get(accountId);
    if (!account) throw new UnknownAccountError(`unknown account ${accountId}`);
    return account;
  }

  private indexHoldings(account: SubAccount): void {
    const byConId = new Map<number, Holding>();
    for (const holding of holdingsOf(account)) {
      byConId.set(holding.kind === "security" ? holding.position.instrument.conId : fxConId(holding.currency), holding);
    }
    this.holdings.set(account.id, byConId);
  }
}

const fxConId = (currency: string): number => fxPairOf(currency)!.conId;
