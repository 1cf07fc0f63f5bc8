/**
 * Account figures derived from positions, prices and cash; everything in base currency (USD)
 * unless it is a per-currency ledger row.
 *
 * - Net liquidation (NLV) = cash (every currency, converted) + stock and option market value
 *   + futures' unrealized P&L. Futures count only with their P&L against the average price
 *   (they are marked to market; their notional is not equity).
 * - Equity with loan value (ELV) = NLV − option market value (options have no loan value).
 * - Initial / maintenance margin: sum of the per-position rules in margin.ts, plus short
 *   (negative) non-base cash balances. Full* and LookAhead* equal the current requirements:
 *   the simulator has no overnight or scheduled margin changes.
 * - Excess liquidity = ELV − maintenance margin; available funds = ELV − initial margin;
 *   cushion = excess liquidity / NLV; buying power = 4 × available funds (IB's Reg T margin
 *   account, floored at 0); leverage = gross position value / NLV, where gross position value
 *   = Σ |stock and option market value| (futures and cash excluded, as at IB).
 * - Reg T equity = ELV; Reg T margin = initial margin of the securities (stocks, options);
 *   SMA = max(0, Reg T equity − Reg T margin). Total cash = settled cash (no pending trades);
 *   accrued cash = 0 (no interest accrual).
 * - Daily P&L = NLV now − NLV at the prior close (with the positions held then), so it
 *   includes FX moves on non-base holdings. Trades fill at the market price without
 *   commissions, so they leave NLV, and therefore daily P&L, unchanged when they happen.
 *   Unrealized P&L = Σ (price − average price) × quantity × multiplier converted at today's
 *   rate, plus non-base cash against its average rate; realized P&L = the seeded earlier
 *   fills of the day plus the simulator's trades (trading.ts).
 * - HighestSeverity (the simulator's scale): 0 while cushion ≥ 10 %, 1 below, 2 below 5 %,
 *   3 when excess liquidity is negative. DayTradesRemaining = -1 (unlimited) from NLV ≥ 25,000,
 *   else 3.
 *
 * Published values are rounded as they travel: money to cents, cushion to 3 decimals, leverage
 * to 2, exchange rates to 5. `accountFigures` returns exactly those numbers.
 */
import { BASE_CURRENCY } from "./instruments";
import { currencyBalanceMargin, positionMargin, stressMargin } from "./margin";
import type { SubAccount } from "./portfolio";
import type { PriceBook } from "./prices";
import { roundCushion, roundLeverage, roundMoney, roundRate } from "./rounding";

/** What the programmatic API promises; account summary and P&L messages carry these values. */
export interface SimAccountFigures {
  netLiquidation: number;
  maintMargin: number;
  initMargin: number;
  excessLiquidity: number;
  availableFunds: number;
  equityWithLoan: number;
  cushion: number;
  buyingPower: number;
  grossPositionValue: number;
  totalCash: number;
  leverage: number;
  dailyPnL: number;
  unrealizedPnL: number;
  realizedPnL: number;
  currency: string;
}

/** One currency's ledger ($LEDGER); currency "BASE" holds the converted totals. */
export interface LedgerRow {
  currency: string;
  cashBalance: number;
  stockMarketValue: number;
  optionMarketValue: number;
  futuresPnL: number;
  netLiquidationByCurrency: number;
  unrealizedPnL: number;
  realizedPnL: number;
  exchangeRate: number;
}

export interface AccountFigures extends SimAccountFigures {
  accountId: string;
  stockMarketValue: number;
  optionMarketValue: number;
  futuresPnL: number;
  regTEquity: number;
  regTMargin: number;
  sma: number;
  highestSeverity: number;
  dayTradesRemaining: number;
  /** Per-currency rows (base currency first), then BASE. */
  ledger: LedgerRow[];
}

export const BASE_LEDGER = "BASE";
const BUYING_POWER_MULTIPLE = 4;
const PATTERN_DAY_TRADER_EQUITY = 25_000;

interface CurrencyBucket {
  cash: number;
  stock: number;
  option: number;
  futuresPnL: number;
  priorValue: number;
  unrealized: number;
  realized: number;
}

export interface Valuation {
  netLiquidation: number;
  priorNetLiquidation: number;
  equityWithLoan: number;
  stockMarketValue: number;
  optionMarketValue: number;
  futuresPnL: number;
  initMargin: number;
  maintMargin: number;
  regTMargin: number;
  grossPositionValue: number;
  totalCash: number;
  unrealizedPnL: number;
  realizedPnL: number;
  buckets: Map<string, CurrencyBucket>;
}

/** Unrounded valuation of one account at the book's prices. */
export function valueAccount(account: SubAccount, prices: PriceBook): Valuation {
  const buckets = new Map<string, CurrencyBucket>();
  const bucket = (currency: string): CurrencyBucket => {
    let found = buckets.get(currency);
    if (!found) {
      found = { cash: 0, stock: 0, option: 0, futuresPnL: 0, priorValue: 0, unrealized: 0, realized: 0 };
      buckets.set(currency, found);
    }
    return found;
  };
  bucket(BASE_CURRENCY);
  let initMargin = 0;
  let maintMargin = 0;
  let regTMargin = 0;
  let grossPositionValue = 0;

  for (const { instrument, quantity, averagePrice } of account.positions) {
    if (quantity === 0) continue;
    const b = bucket(instrument.currency);
    const fx = prices.fxRate(instrument.currency);
    const price = prices.price(instrument);
    const prior = prices.priorClose(instrument);
    const units = quantity * instrument.multiplier;
    b.unrealized += (price - averagePrice) * units;
    if (instrument.secType === "FUT") {
      b.futuresPnL += (price - averagePrice) * units;
      b.priorValue += (prior - averagePrice) * units;
    } else {
      const value = price * units;
      if (instrument.secType === "OPT") b.option += value;
      else b.stock += value;
      b.priorValue += prior * units;
      grossPositionValue += Math.abs(value) * fx;
    }
    const underlying = instrument.secType === "OPT" ? prices.underlyingPrice(instrument) : 0;
    const margin = positionMargin(instrument, quantity, price, underlying);
    initMargin += margin.initial * fx;
    maintMargin += margin.maintenance * fx;
    if (instrument.secType !== "FUT") regTMargin += margin.initial * fx;
  }

  let fxUnrealized = 0;
  for (const [currency, balance] of account.cash) {
    const b = bucket(currency);
    b.cash += balance;
    b.priorValue += balance;
    if (currency !== BASE_CURRENCY) {
      const fx = prices.fxRate(currency);
      fxUnrealized += balance * (fx - (account.currencies.get(currency)?.averageRate ?? fx));
      const margin = currencyBalanceMargin(balance * fx);
      initMargin += margin.initial;
      maintMargin += margin.maintenance;
    }
  }
  for (const [currency, realized] of account.realizedPnL) bucket(currency).realized += realized;

  let netLiquidation = 0;
  let priorNetLiquidation = 0;
  let stockMarketValue = 0;
  let optionMarketValue = 0;
  let futuresPnL = 0;
  let totalCash = 0;
  let unrealizedPnL = fxUnrealized;
  let realizedPnL = 0;
  for (const [currency, b] of buckets) {
    const fx = prices.fxRate(currency);
    netLiquidation += (b.cash + b.stock + b.option + b.futuresPnL) * fx;
    priorNetLiquidation += b.priorValue * prices.priorFxRate(currency);
    stockMarketValue += b.stock * fx;
    optionMarketValue += b.option * fx;
    futuresPnL += b.futuresPnL * fx;
    totalCash += b.cash * fx;
    unrealizedPnL += b.unrealized * fx;
    realizedPnL += b.realized * fx;
  }

  return {
    netLiquidation,
    priorNetLiquidation,
    equityWithLoan: netLiquidation - optionMarketValue,
    stockMarketValue,
    optionMarketValue,
    futuresPnL,
    initMargin,
    maintMargin,
    regTMargin,
    grossPositionValue,
    totalCash,
    unrealizedPnL,
    realizedPnL,
    buckets,
  };
}

function highestSeverity(cushion: number, excessLiquidity: number): number {
  if (excessLiquidity < 0) return 3;
  if (cushion < 0.05) return 2;
  if (cushion < 0.1) return 1;
  return 0;
}

/** `marginMultiplier` raises the house requirements (initial and maintenance), not Reg T's. */
export function accountFigures(account: SubAccount, prices: PriceBook, marginMultiplier = 1): AccountFigures {
  const v = valueAccount(account, prices);
  const margin = stressMargin({ initial: v.initMargin, maintenance: v.maintMargin }, marginMultiplier);
  const excessLiquidity = v.equityWithLoan - margin.maintenance;
  const availableFunds = v.equityWithLoan - margin.initial;
  const cushion = v.netLiquidation === 0 ? 0 : excessLiquidity / v.netLiquidation;
  return {
    accountId: account.id,
    currency: BASE_CURRENCY,
    netLiquidation: roundMoney(v.netLiquidation),
    equityWithLoan: roundMoney(v.equityWithLoan),
    totalCash: roundMoney(v.totalCash),
    stockMarketValue: roundMoney(v.stockMarketValue),
    optionMarketValue: roundMoney(v.optionMarketValue),
    futuresPnL: roundMoney(v.futuresPnL),
    grossPositionValue: roundMoney(v.grossPositionValue),
    initMargin: roundMoney(margin.initial),
    maintMargin: roundMoney(margin.maintenance),
    excessLiquidity: roundMoney(excessLiquidity),
    availableFunds: roundMoney(availableFunds),
    cushion: roundCushion(cushion),
    buyingPower: roundMoney(BUYING_POWER_MULTIPLE * Math.max(0, availableFunds)),
    leverage: roundLeverage(v.netLiquidation === 0 ? 0 : v.grossPositionValue / v.netLiquidation),
    regTEquity: roundMoney(v.equityWithLoan),
    regTMargin: roundMoney(v.regTMargin),
    sma: roundMoney(Math.max(0, v.equityWithLoan - v.regTMargin)),
    dailyPnL: roundMoney(v.netLiquidation - account.priorNetLiquidation),
    unrealizedPnL: roundMoney(v.unrealizedPnL),
    realizedPnL: roundMoney(v.realizedPnL),
    highestSeverity: highestSeverity(cushion, excessLiquidity),
    dayTradesRemaining: v.netLiquidation >= PATTERN_DAY_TRADER_EQUITY ? -1 : 3,
    ledger: ledgerRows(v, prices),
  };
}

function ledgerRows(v: Valuation, prices: PriceBook): LedgerRow[] {
  const rows = [...v.buckets].map(([currency, b]): LedgerRow => ({
    currency,
    cashBalance: roundMoney(b.cash),
    stockMarketValue: roundMoney(b.stock),
    optionMarketValue: roundMoney(b.option),
    futuresPnL: roundMoney(b.futuresPnL),
    netLiquidationByCurrency: roundMoney(b.cash + b.stock + b.option + b.futuresPnL),
    unrealizedPnL: roundMoney(b.unrealized),
    realizedPnL: roundMoney(b.realized),
    exchangeRate: roundRate(prices.fxRate(currency)),
  }));
  rows.push({
    currency: BASE_LEDGER,
    cashBalance: roundMoney(v.totalCash),
    stockMarketValue: roundMoney(v.stockMarketValue),
    optionMarketValue: roundMoney(v.optionMarketValue),
    futuresPnL: roundMoney(v.futuresPnL),
    netLiquidationByCurrency: roundMoney(v.netLiquidation),
    unrealizedPnL: roundMoney(v.unrealizedPnL),
    realizedPnL: roundMoney(v.realizedPnL),
    exchangeRate: 1,
  });
  return rows;
}
