/**
 * Prices: a seeded random walk per stock, future and currency pair, one step per tick; options
 * are priced from their underlying with Black-Scholes, so they follow it (and any shock).
 * Each tick stands for one trading minute: a 25 %-vol stock moves about 0.08 % per tick.
 */
import { BASE_CURRENCY, PRICED_INSTRUMENTS, fxPairOf, type Instrument, type OptionInstrument, type PricedInstrument } from "./instruments";
import type { Rng } from "./rng";

const TICKS_PER_YEAR = 252 * 390;
/** The simulated trading day: options' time to expiry is measured from it, not from the wall clock. */
export const SIM_TRADE_DATE = Date.UTC(2026, 10, 23);
const RISK_FREE_RATE = 0.04;
/** Prior closes sit around the opening prices with this relative spread. */
const PRIOR_CLOSE_SPREAD = 0.008;

export class UnknownSymbolError extends Error {
  override readonly name = "UnknownSymbolError";
}

export class PriceBook {
  private readonly current = new Map<number, number>();
  private readonly prior = new Map<number, number>();
  private readonly byConId = new Map<number, PricedInstrument>();
  private optionCache = new Map<number, number>();

  constructor(rng: Rng) {
    for (const instrument of PRICED_INSTRUMENTS) {
      this.byConId.set(instrument.conId, instrument);
      this.current.set(instrument.conId, instrument.initialPrice);
      this.prior.set(instrument.conId, instrument.initialPrice * (1 + PRIOR_CLOSE_SPREAD * rng.normal()));
    }
  }

  price(instrument: Instrument): number {
    if (instrument.secType !== "OPT") return this.current.get(instrument.conId)!;
    let price = this.optionCache.get(instrument.conId);
    if (price === undefined) {
      price = this.optionPrice(instrument, this.current.get(instrument.underlyingConId)!);
      this.optionCache.set(instrument.conId, price);
    }
    return price;
  }

  priorClose(instrument: Instrument): number {
    if (instrument.secType !== "OPT") return this.prior.get(instrument.conId)!;
    return this.optionPrice(instrument, this.prior.get(instrument.underlyingConId)!);
  }

  underlyingPrice(option: OptionInstrument): number {
    return this.current.get(option.underlyingConId)!;
  }

  /** Units of base currency per unit of `currency`. */
  fxRate(currency: string): number {
    return currency === BASE_CURRENCY ? 1 : this.current.get(this.pairOf(currency).conId)!;
  }

  priorFxRate(currency: string): number {
    return currency === BASE_CURRENCY ? 1 : this.prior.get(this.pairOf(currency).conId)!;
  }

  /** One random-walk step for every priced instrument (geometric, drift-free). */
  walk(rng: Rng): void {
    for (const [conId, price] of this.current) {
      const sigma = this.byConId.get(conId)!.annualVol / Math.sqrt(TICKS_PER_YEAR);
      this.current.set(conId, price * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2));
    }
    this.optionCache.clear();
  }

  /**
   * Moves prices by `percent` at once: every stock and future, or only the instruments whose
   * symbol (or local symbol, e.g. EUR.USD) is `symbol`. Options follow their underlying;
   * currency rates move only when named.
   */
  shock(percent: number, symbol?: string): void {
    const targets = [...this.byConId.values()].filter((instrument) =>
      symbol === undefined
        ? instrument.secType !== "CASH"
        : instrument.symbol === symbol || instrument.localSymbol === symbol,
    );
    if (targets.length === 0) throw new UnknownSymbolError(`no instrument with symbol ${symbol}`);
    for (const instrument of targets) {
      this.current.set(instrument.conId, this.current.get(instrument.conId)! * (1 + percent / 100));
    }
    this.optionCache.clear();
  }

  private pairOf(currency: string): PricedInstrument {
    const pair = fxPairOf(currency);
    if (!pair) throw new Error(`no exchange rate for ${currency}`);
    return pair;
  }

  private optionPrice(option: OptionInstrument, underlying: number): number {
    const expiry = Date.UTC(
      Number(option.lastTradeDate.slice(0, 4)),
      Number(option.lastTradeDate.slice(4, 6)) - 1,
      Number(option.lastTradeDate.slice(6, 8)),
    );
    const years = Math.max((expiry - SIM_TRADE_DATE) / (365 * 86_400_000), 1 / 365);
    const vol = this.byConId.get(option.underlyingConId)!.annualVol;
    return blackScholes(option.right, underlying, option.strike, years, vol, RISK_FREE_RATE);
  }
}

export function blackScholes(right: "C" | "P", spot: number, strike: number, years: number, vol: number, rate: number): number {
  const sd = vol * Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate + (vol * vol) / 2) * years) / sd;
  const d2 = d1 - sd;
  const discountedStrike = strike * Math.exp(-rate * years);
  return right === "C"
    ? spot * normalCdf(d1) - discountedStrike * normalCdf(d2)
    : discountedStrike * normalCdf(-d2) - spot * normalCdf(-d1);
}

/** Standard normal CDF (Zelen & Severo 26.2.17, error below 1e-7). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - tail : tail;
}
