/**
 * The shared state behind every session: portfolio, prices and the figures derived from them.
 * Figures are computed at most once per price change and shared by all sessions.
 */
import { accountFigures, valueAccount, type AccountFigures } from "./account-figures";
import { buildPortfolio, type FaGroup, type Portfolio, type SubAccount } from "./portfolio";
import { PriceBook } from "./prices";
import { Rng } from "./rng";

/** Keeps the price path independent of how many accounts were generated from the same seed. */
const PRICE_STREAM_SALT = 0x9e3779b9;

export class UnknownAccountError extends Error {
  override readonly name = "UnknownAccountError";
}

export class Simulation {
  readonly portfolio: Portfolio;
  readonly prices: PriceBook;
  readonly accountIds: readonly string[];
  private readonly walkRng: Rng;
  private readonly accountsById: Map<string, SubAccount>;
  private figuresCache = new Map<string, AccountFigures>();
  private ticks = 0;

  constructor(seed: number, accountCount: number) {
    const setupRng = new Rng(seed);
    this.prices = new PriceBook(setupRng);
    this.portfolio = buildPortfolio(setupRng, accountCount, this.prices, (account) => valueAccount(account, this.prices));
    this.walkRng = new Rng(seed ^ PRICE_STREAM_SALT);
    this.accountIds = this.portfolio.accounts.map((account) => account.id);
    this.accountsById = new Map(this.portfolio.accounts.map((account) => [account.id, account]));
  }

  get tickCount(): number {
    return this.ticks;
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
      const account = this.accountsById.get(accountId);
      if (!account) throw new UnknownAccountError(`unknown account ${accountId}`);
      figures = accountFigures(account, this.prices);
      this.figuresCache.set(accountId, figures);
    }
    return figures;
  }

  group(name: string): FaGroup | undefined {
    return this.portfolio.groups.find((group) => group.name === name);
  }
}
