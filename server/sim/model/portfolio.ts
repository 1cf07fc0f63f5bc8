/**
 * The FA structure the simulator serves, generated from a seed: an advisor master account
 * (DF1000000) with sub-accounts DU1000001, DU1000002... Each sub-account holds US and German
 * stocks, US equity options, futures (CME in USD, EUREX in EUR) and cash in USD and EUR, with
 * USD as base currency. Accounts follow risk profiles in turn (balanced, aggressive,
 * conservative) so the cushion differs across accounts: one in three is leveraged, near the
 * usual margin-utilisation warning (50 %) but, as a desk keeps its book, not near a deficit;
 * futures are sized to the account, so no single index carries more than its net liquidation.
 *
 * The master is not a managed account: the API login of an FA sees its client sub-accounts.
 * FA groups: "Growth" holds the balanced and aggressive accounts, "Income" the conservative
 * ones plus every other balanced one. Without FA (`fa: false`) the login is one individual
 * account, U1000001, with no groups.
 *
 * By default an account holds 8-17 securities, by risk profile; `positionsPerAccount` fixes
 * the number of position lines instead (the EUR.USD cash line counts as one).
 */
import { assignAliases } from "./fa";
import { BASE_CURRENCY, EUR_STOCKS, FUTURES, OPTIONS, SECURITY_COUNT, US_STOCKS, type Instrument } from "./instruments";
import type { PriceBook } from "./prices";
import type { Rng } from "./rng";
import { roundMoney } from "./rounding";

export type RiskProfile = "balanced" | "aggressive" | "conservative";

export interface Position {
  instrument: Instrument;
  /** Shares or contracts; negative when short; 0 once closed (kept: its day's P&L remains). */
  quantity: number;
  /** Average price per share/unit (IB's avgCost is this times the multiplier); 0 when flat. */
  averagePrice: number;
  /**
   * What today's daily P&L is measured against, in the instrument's currency: the position at
   * the prior close valued at the prior close, plus every fill of today at its fill price.
   */
  dailyBasis: number;
  /** Realized P&L of today's closing fills, in the instrument's currency. */
  realizedToday: number;
}

/** Bookkeeping of a non-base cash balance, which is reported as a currency-pair position (EUR.USD). */
export interface CurrencyHolding {
  /** Average rate at which the balance was acquired (for its unrealized P&L). */
  averageRate: number;
  /** As Position.dailyBasis, in base currency. */
  dailyBasis: number;
  realizedToday: number;
}

export interface SubAccount {
  id: string;
  profile: RiskProfile;
  /** Human name the advisor gave the account (FA aliases); the account id when it has none. */
  alias: string;
  positions: Position[];
  /** Cash balance per currency. */
  cash: Map<string, number>;
  /** Per non-base currency: how its balance was acquired. */
  currencies: Map<string, CurrencyHolding>;
  /** Realized P&L of today's fills (seeded earlier fills plus the simulator's trades), per currency. */
  realizedPnL: Map<string, number>;
  /** NLV at the prior close with today's positions; trades at market price do not change it. */
  priorNetLiquidation: number;
}

export interface FaGroup {
  name: string;
  defaultMethod: string;
  accounts: string[];
}

export interface Portfolio {
  /** True for an advisor (FA) login; false for a single individual account. */
  fa: boolean;
  /** The FA master; for an individual login, its one account. */
  masterAccount: string;
  baseCurrency: string;
  accounts: SubAccount[];
  groups: FaGroup[];
}

export interface PortfolioOptions {
  accountCount: number;
  /** Position lines per account (securities plus the EUR.USD cash line); default: by profile. */
  positionsPerAccount?: number;
  /** Advisor login with sub-accounts and groups (default) or one individual account. */
  fa?: boolean;
}

const PROFILE_ORDER: readonly RiskProfile[] = ["balanced", "aggressive", "conservative"];

interface ProfileShape {
  budget: [number, number];
  usStocks: [number, number];
  shortStocks: number;
  eurStocks: number;
  optionContracts: [number, number];
  longOptions: number;
  shortOptions: number;
  futures: number;
  futureContracts: [number, number];
  /**
   * The most notional, as a share of the budget, one futures line may carry: index futures are
   * an overlay on a book, not the book. A contract too big for it is swapped for a smaller one.
   */
  futuresShare: number;
  /** EUR cash balance as a share of the budget (negative: a EUR loan). */
  eurCash: [number, number];
  /** Cushion the USD cash balance is chosen for, at the opening prices. */
  cushion: [number, number];
}

const PROFILES: Record<RiskProfile, ProfileShape> = {
  conservative: {
    budget: [300_000, 1_200_000], usStocks: [5, 7], shortStocks: 0, eurStocks: 1, optionContracts: [2, 8],
    longOptions: 1, shortOptions: 0, futures: 1, futureContracts: [1, 2], futuresShare: 0.12, eurCash: [0.005, 0.04], cushion: [0.7, 0.85],
  },
  balanced: {
    budget: [600_000, 2_500_000], usStocks: [6, 9], shortStocks: 1, eurStocks: 2, optionContracts: [3, 15],
    longOptions: 1, shortOptions: 1, futures: 1, futureContracts: [1, 3], futuresShare: 0.15, eurCash: [-0.02, 0.05], cushion: [0.55, 0.65],
  },
  aggressive: {
    budget: [1_500_000, 4_000_000], usStocks: [8, 10], shortStocks: 2, eurStocks: 2, optionContracts: [10, 40],
    longOptions: 1, shortOptions: 2, futures: 2, futureContracts: [2, 5], futuresShare: 0.2, eurCash: [-0.04, -0.005], cushion: [0.48, 0.56],
  },
};

export const MASTER_ACCOUNT = "DF1000000";
export const INDIVIDUAL_ACCOUNT = "U1000001";

export function subAccountId(index: number): string {
  return `DU${1_000_001 + index}`;
}

/** What an account's valuation needs to solve for the cash balance that gives a target cushion. */
export type AccountValuer = (account: SubAccount) => {
  netLiquidation: number;
  priorNetLiquidation: number;
  equityWithLoan: number;
  maintMargin: number;
};

/** Share of the US stocks held short, by profile, when the number of positions is fixed. */
const SHORT_STOCK_SHARE: Record<RiskProfile, number> = { conservative: 0, balanced: 0.12, aggressive: 0.2 };

/** How many of each kind of security an account holds. */
interface Composition {
  usStocks: number;
  shortStocks: number;
  eurStocks: number;
  longOptions: number;
  shortOptions: number;
  futures: number;
}

/** A fixed number of securities spread over the kinds: about 65 % US stocks, 20 % options, 10 % EUR stocks, some futures. */
export function composition(securities: number, profile: RiskProfile): Composition {
  const futures = securities >= 4 ? Math.min(FUTURES.length, Math.max(1, Math.round(securities * 0.06))) : 0;
  const eurStocks = Math.min(EUR_STOCKS.length, Math.round(securities * 0.1));
  let options = Math.min(OPTIONS.length, Math.round(securities * 0.2));
  let usStocks = securities - futures - eurStocks - options;
  if (usStocks > US_STOCKS.length) {
    options += usStocks - US_STOCKS.length;
    usStocks = US_STOCKS.length;
  }
  const shortOptions = profile === "conservative" ? 0 : Math.floor(options / (profile === "aggressive" ? 1.5 : 2));
  return {
    usStocks,
    shortStocks: Math.min(usStocks - 1, Math.round(usStocks * SHORT_STOCK_SHARE[profile])),
    eurStocks,
    longOptions: options - shortOptions,
    shortOptions,
    futures,
  };
}

/** The most position lines an account can have: every security plus the EUR.USD cash line. */
export const MAX_POSITIONS_PER_ACCOUNT = SECURITY_COUNT + 1;

export function buildPortfolio(rng: Rng, options: PortfolioOptions, prices: PriceBook, value: AccountValuer): Portfolio {
  const fa = options.fa ?? true;
  const { positionsPerAccount } = options;
  if (positionsPerAccount !== undefined && !(Number.isInteger(positionsPerAccount) && positionsPerAccount >= 2 && positionsPerAccount <= MAX_POSITIONS_PER_ACCOUNT)) {
    throw new RangeError(`positionsPerAccount must be an integer from 2 to ${MAX_POSITIONS_PER_ACCOUNT}`);
  }
  const accountCount = fa ? options.accountCount : 1;
  const accounts = Array.from({ length: accountCount }, (_, index) => {
    const profile = PROFILE_ORDER[index % PROFILE_ORDER.length]!;
    const counts = positionsPerAccount === undefined ? undefined : composition(positionsPerAccount - 1, profile);
    return buildAccount(rng, fa ? subAccountId(index) : INDIVIDUAL_ACCOUNT, profile, counts, prices, value);
  });
  if (fa) assignAliases(accounts, rng.next());
  if (!fa) {
    return { fa, masterAccount: INDIVIDUAL_ACCOUNT, baseCurrency: BASE_CURRENCY, accounts, groups: [] };
  }
  const balanced = accounts.filter((a) => a.profile === "balanced");
  return {
    fa,
    masterAccount: MASTER_ACCOUNT,
    baseCurrency: BASE_CURRENCY,
    accounts,
    groups: [
      { name: "Growth", defaultMethod: "NetLiq", accounts: accounts.filter((a) => a.profile !== "conservative").map((a) => a.id) },
      {
        name: "Income",
        defaultMethod: "AvailableEquity",
        accounts: accounts.filter((a) => a.profile === "conservative" || balanced.indexOf(a) % 2 === 0).map((a) => a.id),
      },
    ],
  };
}

function buildAccount(
  rng: Rng, id: string, profile: RiskProfile, counts: Composition | undefined, prices: PriceBook, value: AccountValuer,
): SubAccount {
  const shape = PROFILES[profile];
  const budget = rng.between(...shape.budget);
  const positions: Position[] = [];
  const hold = (instrument: Instrument, quantity: number, costSpread: number) => {
    const units = quantity * instrument.multiplier;
    positions.push({
      instrument,
      quantity,
      averagePrice: prices.price(instrument) * (1 + costSpread * rng.normal()),
      dailyBasis: prices.priorClose(instrument) * units,
      realizedToday: 0,
    });
  };
  // With many positions each one is smaller, so the account's size stays about the same.
  const sizeScale = counts ? Math.min(1, 9 / Math.max(1, counts.usStocks)) : 1;

  const usStocks = rng.sample(US_STOCKS, counts ? counts.usStocks : rng.int(...shape.usStocks));
  const shortStocks = counts ? counts.shortStocks : shape.shortStocks;
  usStocks.forEach((instrument, i) => {
    const side = i < shortStocks ? -1 : 1;
    hold(instrument, side * roundLot((budget * sizeScale * rng.between(0.04, 0.14)) / prices.price(instrument)), 0.08);
  });
  for (const instrument of rng.sample(EUR_STOCKS, counts ? counts.eurStocks : shape.eurStocks)) {
    hold(instrument, roundLot((budget * rng.between(0.02, 0.06)) / (prices.price(instrument) * prices.fxRate("EUR"))), 0.08);
  }

  const longOptions = counts ? counts.longOptions : shape.longOptions;
  const shortOptions = counts ? counts.shortOptions : shape.shortOptions;
  const optionSides = [...Array<number>(longOptions).fill(1), ...Array<number>(shortOptions).fill(-1)];
  const options = rng.sample(OPTIONS, optionSides.length);
  const optionScale = counts ? Math.min(1, 3 / Math.max(1, optionSides.length)) : 1;
  options.forEach((instrument, i) =>
    hold(instrument, optionSides[i]! * Math.max(1, Math.round(optionScale * rng.int(...shape.optionContracts))), 0.2),
  );

  const futuresBudget = budget * shape.futuresShare;
  const notional = (instrument: Instrument) => prices.price(instrument) * instrument.multiplier * prices.fxRate(instrument.currency);
  const futures = rng.sample(FUTURES, counts ? counts.futures : shape.futures);
  for (const sampled of futures) {
    const wanted = rng.int(...shape.futureContracts);
    const side = rng.next() < 0.8 ? 1 : -1;
    const held = new Set(positions.map((position) => position.instrument));
    const smallest = FUTURES.filter((future) => !held.has(future) && (future === sampled || !futures.includes(future))).sort((a, b) => notional(a) - notional(b))[0]!;
    const instrument = notional(sampled) <= futuresBudget ? sampled : smallest;
    hold(instrument, side * Math.max(1, Math.min(wanted, Math.floor(futuresBudget / notional(instrument)))), 0.015);
  }

  const eurBalance = Math.round(budget * rng.between(...shape.eurCash));
  const eurRate = prices.fxRate("EUR");
  const account: SubAccount = {
    id,
    profile,
    alias: id,
    positions,
    cash: new Map([[BASE_CURRENCY, 0], ["EUR", eurBalance]]),
    currencies: new Map([
      ["EUR", { averageRate: eurRate * (1 + 0.02 * rng.normal()), dailyBasis: eurBalance * prices.priorFxRate("EUR"), realizedToday: 0 }],
    ]),
    realizedPnL: new Map([[BASE_CURRENCY, roundMoney(4_000 * rng.normal())], ["EUR", roundMoney(1_500 * rng.normal())]]),
    priorNetLiquidation: 0,
  };
  account.cash.set(BASE_CURRENCY, Math.round(cashForCushion(value(account), rng.between(...shape.cushion))));
  account.priorNetLiquidation = value(account).priorNetLiquidation;
  return account;
}

/**
 * The base-currency cash X that makes cushion = target at today's prices, given the account's
 * valuation with X = 0: cushion = (X + ELV0 − M) / (X + NLV0), so X = (NLV0 − ELV0 + M) / (1 − c) − NLV0.
 */
function cashForCushion(atZeroCash: { netLiquidation: number; equityWithLoan: number; maintMargin: number }, cushion: number): number {
  const { netLiquidation, equityWithLoan, maintMargin } = atZeroCash;
  return (netLiquidation - equityWithLoan + maintMargin) / (1 - cushion) - netLiquidation;
}

function roundLot(shares: number): number {
  return Math.max(5, Math.round(shares / 5) * 5);
}

