/**
 * Margin rules of the simulator, per position, in the position's currency. They follow the
 * shape of IB's Reg T rules without its many exceptions:
 *
 * - Long stock:  initial 50 % (Reg T), maintenance 25 % of market value.
 * - Short stock: initial 50 %, maintenance 30 % of the absolute market value.
 * - Long options: none (paid in full; they have no loan value).
 * - Short options (IB's Reg T formula for naked options), per contract, initial = maintenance =
 *   multiplier × (premium + max(20 % × underlying − out-of-the-money amount,
 *                               10 % × underlying for calls / 10 % × strike for puts)).
 * - Futures: a percentage of notional (|qty| × price × multiplier): initial 7.5 %, maintenance 6 %.
 * - Currency balances: a negative (borrowed) non-base balance is a short FX position: initial
 *   4 %, maintenance 3 % of its absolute value; positive balances need no margin.
 */
import type { Instrument, OptionInstrument } from "./instruments";

export interface MarginRequirement {
  initial: number;
  maintenance: number;
}

export const STOCK_MARGIN = {
  long: { initial: 0.5, maintenance: 0.25 },
  short: { initial: 0.5, maintenance: 0.3 },
} as const;
export const SHORT_OPTION_MARGIN = { underlyingShare: 0.2, minimumShare: 0.1 } as const;
export const FUTURES_MARGIN = { initial: 0.075, maintenance: 0.06 } as const;
export const SHORT_CURRENCY_MARGIN = { initial: 0.04, maintenance: 0.03 } as const;

const NONE: MarginRequirement = { initial: 0, maintenance: 0 };

/** Margin of one non-currency position; `underlyingPrice` is needed for options only. */
export function positionMargin(instrument: Instrument, quantity: number, price: number, underlyingPrice = 0): MarginRequirement {
  switch (instrument.secType) {
    case "STK": {
      const rates = quantity >= 0 ? STOCK_MARGIN.long : STOCK_MARGIN.short;
      const value = Math.abs(quantity * price);
      return { initial: rates.initial * value, maintenance: rates.maintenance * value };
    }
    case "OPT": {
      if (quantity >= 0) return NONE;
      const perContract = shortOptionMarginPerShare(instrument, price, underlyingPrice) * instrument.multiplier;
      const margin = perContract * -quantity;
      return { initial: margin, maintenance: margin };
    }
    case "FUT": {
      const notional = Math.abs(quantity * price * instrument.multiplier);
      return { initial: FUTURES_MARGIN.initial * notional, maintenance: FUTURES_MARGIN.maintenance * notional };
    }
    case "CASH":
      return NONE;
  }
}

export function shortOptionMarginPerShare(option: OptionInstrument, premium: number, underlying: number): number {
  const outOfTheMoney = Math.max(0, option.right === "C" ? option.strike - underlying : underlying - option.strike);
  const minimumBase = option.right === "C" ? underlying : option.strike;
  return premium + Math.max(SHORT_OPTION_MARGIN.underlyingShare * underlying - outOfTheMoney, SHORT_OPTION_MARGIN.minimumShare * minimumBase);
}

/** Margin of a balance in a non-base currency, valued in base currency. */
export function currencyBalanceMargin(balanceInBase: number): MarginRequirement {
  if (balanceInBase >= 0) return NONE;
  return {
    initial: SHORT_CURRENCY_MARGIN.initial * -balanceInBase,
    maintenance: SHORT_CURRENCY_MARGIN.maintenance * -balanceInBase,
  };
}

/** How far a stress (a margin squeeze) may raise an account's requirements. */
export const MAX_MARGIN_MULTIPLIER = 1000;

/**
 * An account's requirements under a house stress: IB raises margin on an account or a
 * position at its discretion; the simulator models that as one multiplier on both
 * requirements (1 = the rules above).
 */
export function stressMargin(requirement: MarginRequirement, multiplier: number): MarginRequirement {
  checkMarginMultiplier(multiplier);
  return { initial: requirement.initial * multiplier, maintenance: requirement.maintenance * multiplier };
}

export function checkMarginMultiplier(multiplier: number): void {
  if (!(multiplier >= 1 && multiplier <= MAX_MARGIN_MULTIPLIER)) {
    throw new RangeError(`margin multiplier must be within 1-${MAX_MARGIN_MULTIPLIER}, got ${multiplier}`);
  }
}
