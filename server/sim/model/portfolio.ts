/**
 * The FA structure the simulator serves, generated from a seed: an advisor master account
 * (DF1000000) with sub-accounts DU1000001, DU1000002... Each sub-account holds US and German
 * stocks, US equity options, futures (CME in USD, EUREX in EUR) and cash in USD and EUR, with
 * USD as base currency. Accounts follow risk profiles in turn (balanced, aggressive,
 * conservative) so the cushion differs across accounts and one in three is fairly leveraged.
 *
 * The master is not a managed account: the API login of an FA sees its client sub-accounts.
 * FA groups: "Growth" holds the balanced and aggressive accounts, "Income" the conservative
 * ones plus every other balanced one.
 */
import { BASE_CURRENCY, EUR_STOCKS, FUTURES, OPTIONS, US_STOCKS, type Instrument } from "./instruments";
import type { PriceBook } from "./prices";
import type { Rng } from "./rng";
import { roundMoney } from "./rounding";

export type RiskProfile = "balanced" | "aggressive" | "conservative";

export interface Position {
  instrument: Instrument;
  /** Shares or contracts; negative when short. */
  quantity: number;
  /** Average price per share/unit (IB's avgCost is this times the multiplier). */
  averagePrice: number;
}

export interface SubAccount {
  id: string;
  profile: RiskProfile;
  positions: Position[];
  /** Cash balance per currency. */
  cash: Map<string, number>;
  /** Average rate at which each non-base balance was acquired (for its unrealized P&L). */
  fxAverageRate: Map<string, number>;
  /** Realized P&L of earlier fills today, per currency. */
  realizedPnL: Map<string, number>;
}

export interface FaGroup {
  name: string;
  defaultMethod: string;
  accounts: string[];
}

export interface Portfolio {
  masterAccount: string;
  baseCurrency: string;
  accounts: SubAccount[];
  groups: FaGroup[];
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
  eurCash: [number, number];
  /** Cushion the USD cash balance is chosen for, at the opening prices. */
  cushion: [number, number];
}

const PROFILES: Record<RiskProfile, ProfileShape> = {
  conservative: {
    budget: [300_000, 1_200_000], usStocks: [5, 7], shortStocks: 0, eurStocks: 1, optionContracts: [2, 8],
    longOptions: 1, shortOptions: 0, futures: 1, futureContracts: [1, 2], eurCash: [20_000, 120_000], cushion: [0.7, 0.85],
  },
  balanced: {
    budget: [600_000, 2_500_000], usStocks: [6, 9], shortStocks: 1, eurStocks: 2, optionContracts: [3, 15],
    longOptions: 1, shortOptions: 1, futures: 1, futureContracts: [1, 3], eurCash: [-30_000, 150_000], cushion: [0.5, 0.6],
  },
  aggressive: {
    budget: [1_500_000, 4_000_000], usStocks: [8, 10], shortStocks: 2, eurStocks: 2, optionContracts: [10, 40],
    longOptions: 1, shortOptions: 2, futures: 2, futureContracts: [2, 5], eurCash: [-250_000, -60_000], cushion: [0.09, 0.14],
  },
};

export const MASTER_ACCOUNT = "DF1000000";

export function subAccountId(index: number): string {
  return `DU${1_000_001 + index}`;
}

/** What an account's valuation needs to solve for the cash balance that gives a target cushion. */
export type AccountValuer = (account: SubAccount) => { netLiquidation: number; equityWithLoan: number; maintMargin: number };

export function buildPortfolio(rng: Rng, accountCount: number, prices: PriceBook, value: AccountValuer): Portfolio {
  const accounts = Array.from({ length: accountCount }, (_, index) =>
    buildAccount(rng, subAccountId(index), PROFILE_ORDER[index % PROFILE_ORDER.length]!, prices, value),
  );
  const balanced = accounts.filter((a) => a.profile === "balanced");
  return {
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

function buildAccount(rng: Rng, id: string, profile: RiskProfile, prices: PriceBook, value: AccountValuer): SubAccount {
  const shape = PROFILES[profile];
  const budget = rng.between(...shape.budget);
  const positions: Position[] = [];
  const hold = (instrument: Instrument, quantity: number, costSpread: number) => {
    positions.push({ instrument, quantity, averagePrice: prices.price(instrument) * (1 + costSpread * rng.normal()) });
  };

  const usStocks = rng.sample(US_STOCKS, rng.int(...shape.usStocks));
  usStocks.forEach((instrument, i) => {
    const side = i < shape.shortStocks ? -1 : 1;
    hold(instrument, side * roundLot((budget * rng.between(0.04, 0.14)) / prices.price(instrument)), 0.08);
  });
  for (const instrument of rng.sample(EUR_STOCKS, shape.eurStocks)) {
    hold(instrument, roundLot((budget * rng.between(0.03, 0.08)) / (prices.price(instrument) * prices.fxRate("EUR"))), 0.08);
  }

  const optionSides = [...Array<number>(shape.longOptions).fill(1), ...Array<number>(shape.shortOptions).fill(-1)];
  const options = rng.sample(OPTIONS, optionSides.length);
  options.forEach((instrument, i) => hold(instrument, optionSides[i]! * rng.int(...shape.optionContracts), 0.2));

  for (const instrument of rng.sample(FUTURES, shape.futures)) {
    hold(instrument, rng.int(...shape.futureContracts) * (rng.next() < 0.8 ? 1 : -1), 0.015);
  }

  const account: SubAccount = {
    id,
    profile,
    positions,
    cash: new Map([[BASE_CURRENCY, 0], ["EUR", Math.round(rng.between(...shape.eurCash))]]),
    fxAverageRate: new Map([["EUR", prices.fxRate("EUR") * (1 + 0.02 * rng.normal())]]),
    realizedPnL: new Map([[BASE_CURRENCY, roundMoney(4_000 * rng.normal())], ["EUR", roundMoney(1_500 * rng.normal())]]),
  };
  account.cash.set(BASE_CURRENCY, Math.round(cashForCushion(value(account), rng.between(...shape.cushion))));
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

