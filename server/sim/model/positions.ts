/**
 * Positions as TWS reports them (reqPositions, reqPositionsMulti) and their P&L (reqPnLSingle).
 *
 * Every money value of a position is in the position's own currency, the contract's currency
 * (EUR for SAP or FDAX, USD for AAPL, ES and the EUR.USD pair); nothing is converted to base.
 *
 * - avgCost = average price × multiplier: per share for stocks, per contract for options and
 *   futures (IB's convention), the average rate for a currency pair.
 * - value = position × price × multiplier: market value for stocks, premium for options,
 *   notional for futures and currency pairs.
 * - unrealized P&L = value − position × avgCost.
 * - daily P&L = value − daily basis, where the basis is the position held at the prior close
 *   valued at the prior close, plus today's fills at their fill prices. For a position held
 *   since yesterday that is (price − prior close) × position × multiplier; for one opened
 *   today, (price − fill price) × position × multiplier; a position closed today keeps the
 *   P&L of its closing fills.
 * - realized P&L = today's closing fills: (fill price − average price) × closed quantity × multiplier.
 *
 * A non-base cash balance (EUR) is reported as a CASH position on its pair, EUR.USD (symbol
 * EUR, currency USD, exchange IDEALPRO): position = the EUR balance, avgCost = the average
 * rate, value = balance × rate in USD; so FX exposure shows like any other position.
 *
 * Published values are rounded as they travel: money to cents, avgCost to 6 decimals, cash
 * positions to cents; unrealized is computed from the rounded value and avgCost, so the
 * identity above holds to the cent on the wire.
 */
import { BASE_CURRENCY, fxPairOf, type Contract, type SecType } from "./instruments";
import type { CurrencyHolding, Position, SubAccount } from "./portfolio";
import type { PriceBook } from "./prices";
import { roundMoney } from "./rounding";

/** What the programmatic API promises for one position; the wire carries these values. */
export interface SimPosition {
  account: string;
  conId: number;
  symbol: string;
  secType: SecType;
  localSymbol: string;
  currency: string;
  position: number;
  avgCost: number;
  value: number;
  dailyPnL: number;
  unrealizedPnL: number;
  realizedPnL: number;
}

/** A position with the contract it is sent with. */
export interface PositionLine {
  contract: Contract;
  figures: SimPosition;
}

/** One holding of an account: a security position, or a non-base cash balance on its pair. */
export type Holding =
  | { kind: "security"; position: Position }
  | { kind: "currency"; currency: string; holding: CurrencyHolding };

const roundAvgCost = (value: number): number => Math.round(value * 1e6) / 1e6 || 0;

interface Inputs {
  contract: Contract;
  quantity: number;
  averagePrice: number;
  price: number;
  dailyBasis: number;
  realizedToday: number;
}

function inputs(account: SubAccount, holding: Holding, prices: PriceBook): Inputs {
  if (holding.kind === "security") {
    const { position } = holding;
    return {
      contract: position.instrument,
      quantity: position.quantity,
      averagePrice: position.averagePrice,
      price: prices.price(position.instrument),
      dailyBasis: position.dailyBasis,
      realizedToday: position.realizedToday,
    };
  }
  const pair = fxPairOf(holding.currency)!;
  const balance = account.cash.get(holding.currency) ?? 0;
  return {
    contract: pair,
    quantity: Math.round(balance * 100) / 100 || 0,
    averagePrice: balance === 0 ? 0 : holding.holding.averageRate,
    price: prices.fxRate(holding.currency),
    dailyBasis: holding.holding.dailyBasis,
    realizedToday: holding.holding.realizedToday,
  };
}

export function positionLine(account: SubAccount, holding: Holding, prices: PriceBook): PositionLine {
  const { contract, quantity, averagePrice, price, dailyBasis, realizedToday } = inputs(account, holding, prices);
  const units = quantity * contract.multiplier;
  const value = roundMoney(price * units);
  const avgCost = quantity === 0 ? 0 : roundAvgCost(averagePrice * contract.multiplier);
  return {
    contract,
    figures: {
      account: account.id,
      conId: contract.conId,
      symbol: contract.symbol,
      secType: contract.secType,
      localSymbol: contract.localSymbol,
      currency: contract.currency,
      position: quantity,
      avgCost,
      value,
      dailyPnL: roundMoney(price * units - dailyBasis),
      unrealizedPnL: roundMoney(value - quantity * avgCost),
      realizedPnL: roundMoney(realizedToday),
    },
  };
}

/** Every holding of the account, securities first, then non-base cash balances. */
export function holdingsOf(account: SubAccount): Holding[] {
  const holdings: Holding[] = account.positions.map((position) => ({ kind: "security", position }));
  for (const [currency, holding] of account.currencies) {
    if (currency !== BASE_CURRENCY && fxPairOf(currency)) holdings.push({ kind: "currency", currency, holding });
  }
  return holdings;
}
