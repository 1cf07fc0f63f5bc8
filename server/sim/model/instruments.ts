/**
 * The simulator's instrument universe. Contract fields are what TWS reports for a position
 * (symbol, secType, lastTradeDate, strike, right, multiplier, exchange, currency, localSymbol,
 * tradingClass). The conIds of the big US names are IB's; the others are made up.
 */

export type SecType = "STK" | "OPT" | "FUT" | "CASH";
export type OptionRight = "C" | "P";

export interface Contract {
  conId: number;
  symbol: string;
  secType: SecType;
  /** YYYYMMDD for options and futures, "" otherwise. */
  lastTradeDate: string;
  strike: number;
  right: OptionRight | "";
  multiplier: number;
  exchange: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
}

/** An instrument with its own price process (stock, future, currency pair). */
export interface PricedInstrument extends Contract {
  secType: "STK" | "FUT" | "CASH";
  initialPrice: number;
  /** Annualised volatility of its random walk; for stocks also the options' implied volatility. */
  annualVol: number;
}

/** An option, priced from its underlying stock. */
export interface OptionInstrument extends Contract {
  secType: "OPT";
  right: OptionRight;
  underlyingConId: number;
}

export type Instrument = PricedInstrument | OptionInstrument;

export const BASE_CURRENCY = "USD";

function stock(conId: number, symbol: string, exchange: string, currency: string, initialPrice: number, annualVol: number): PricedInstrument {
  const tradingClass = exchange === "NASDAQ" ? "NMS" : exchange === "IBIS" ? "XETRA" : symbol;
  return {
    conId, symbol, secType: "STK", lastTradeDate: "", strike: 0, right: "", multiplier: 1,
    exchange, currency, localSymbol: symbol, tradingClass, initialPrice, annualVol,
  };
}

function future(
  conId: number, symbol: string, tradingClass: string, localSymbol: string, exchange: string,
  currency: string, multiplier: number, initialPrice: number, annualVol: number,
): PricedInstrument {
  return {
    conId, symbol, secType: "FUT", lastTradeDate: FUTURES_EXPIRY, strike: 0, right: "", multiplier,
    exchange, currency, localSymbol, tradingClass, initialPrice, annualVol,
  };
}

const FUTURES_EXPIRY = "20261218";

export const US_STOCKS: readonly PricedInstrument[] = [
  stock(265598, "AAPL", "NASDAQ", "USD", 231.4, 0.26),
  stock(272093, "MSFT", "NASDAQ", "USD", 418.2, 0.24),
  stock(3691937, "AMZN", "NASDAQ", "USD", 186.5, 0.3),
  stock(4815747, "NVDA", "NASDAQ", "USD", 121.8, 0.5),
  stock(208813719, "GOOGL", "NASDAQ", "USD", 166.3, 0.28),
  stock(107113386, "META", "NASDAQ", "USD", 522.7, 0.34),
  stock(76792991, "TSLA", "NASDAQ", "USD", 251.6, 0.55),
  stock(1520593, "JPM", "NYSE", "USD", 206.1, 0.22),
  stock(13977, "XOM", "NYSE", "USD", 117.9, 0.24),
  stock(8719, "JNJ", "NYSE", "USD", 158.4, 0.16),
  stock(8894, "KO", "NYSE", "USD", 62.3, 0.15),
  stock(10098, "BAC", "NYSE", "USD", 39.8, 0.27),
  stock(756733, "SPY", "ARCA", "USD", 562.1, 0.16),
  stock(320227571, "QQQ", "NASDAQ", "USD", 481.9, 0.2),
];

export const EUR_STOCKS: readonly PricedInstrument[] = [
  stock(14204, "SAP", "IBIS", "EUR", 211.5, 0.25),
  stock(14206, "SIE", "IBIS", "EUR", 176.2, 0.24),
  stock(14203, "ALV", "IBIS", "EUR", 268.4, 0.2),
  stock(14208, "DTE", "IBIS", "EUR", 26.1, 0.18),
];

export const FUTURES: readonly PricedInstrument[] = [
  future(649180695, "ES", "ES", "ESZ6", "CME", "USD", 50, 5815, 0.17),
  future(649180678, "NQ", "NQ", "NQZ6", "CME", "USD", 20, 20480, 0.21),
  future(637533450, "DAX", "FDAX", "FDAX DEC 26", "EUREX", "EUR", 25, 19520, 0.18),
  future(637533641, "ESTX50", "FESX", "FESX DEC 26", "EUREX", "EUR", 10, 4915, 0.18),
];

/** A CASH pair quoted in the base currency: its price is the rate that converts `symbol` to USD. */
export const FX_PAIRS: readonly PricedInstrument[] = [
  {
    conId: 12087792, symbol: "EUR", secType: "CASH", lastTradeDate: "", strike: 0, right: "", multiplier: 1,
    exchange: "IDEALPRO", currency: BASE_CURRENCY, localSymbol: "EUR.USD", tradingClass: "EUR.USD",
    initialPrice: 1.0842, annualVol: 0.07,
  },
];

const OPTION_UNDERLYINGS = ["AAPL", "MSFT", "NVDA", "TSLA", "SPY", "QQQ"];
const OPTION_EXPIRIES = ["20261218", "20270115"];
const STRIKE_MONEYNESS = [0.9, 1, 1.1];

/** OCC symbology, as IB's localSymbol for US equity options: `AAPL  261218C00230000`. */
function occSymbol(symbol: string, expiry: string, right: OptionRight, strike: number): string {
  return `${symbol.padEnd(6)}${expiry.slice(2)}${right}${String(Math.round(strike * 1000)).padStart(8, "0")}`;
}

function strikeNear(price: number): number {
  const step = price >= 200 ? 10 : 5;
  return Math.round(price / step) * step;
}

function buildOptions(): OptionInstrument[] {
  let conId = 710_000_000;
  return OPTION_UNDERLYINGS.flatMap((symbol) => {
    const underlying = US_STOCKS.find((s) => s.symbol === symbol)!;
    return OPTION_EXPIRIES.flatMap((expiry) =>
      STRIKE_MONEYNESS.flatMap((moneyness) =>
        (["C", "P"] as const).map((right): OptionInstrument => {
          const strike = strikeNear(underlying.initialPrice * moneyness);
          return {
            conId: ++conId, symbol, secType: "OPT", lastTradeDate: expiry, strike, right, multiplier: 100,
            exchange: "SMART", currency: "USD", localSymbol: occSymbol(symbol, expiry, right, strike),
            tradingClass: symbol, underlyingConId: underlying.conId,
          };
        }),
      ),
    );
  });
}

export const OPTIONS: readonly OptionInstrument[] = buildOptions();

export const PRICED_INSTRUMENTS: readonly PricedInstrument[] = [...US_STOCKS, ...EUR_STOCKS, ...FUTURES, ...FX_PAIRS];

/** The currency pair that converts `currency` to the base currency. */
export function fxPairOf(currency: string): PricedInstrument | undefined {
  return FX_PAIRS.find((pair) => pair.symbol === currency);
}

/** Every instrument an account can hold, by conId (stocks, futures, options, currency pairs). */
export const INSTRUMENTS_BY_CONID: ReadonlyMap<number, Instrument> = new Map(
  [...PRICED_INSTRUMENTS, ...OPTIONS].map((instrument) => [instrument.conId, instrument]),
);

/** How many different securities (not currencies) an account can hold at most. */
export const SECURITY_COUNT = US_STOCKS.length + EUR_STOCKS.length + FUTURES.length + OPTIONS.length;

/** The stock, future or currency pair with this symbol (or local symbol), optionally of one security type. */
export function conIdOfSymbol(symbol: string, secType?: string): number | undefined {
  return PRICED_INSTRUMENTS.find(
    (instrument) => (instrument.symbol === symbol || instrument.localSymbol === symbol) && (secType === undefined || instrument.secType === secType),
  )?.conId;
}
