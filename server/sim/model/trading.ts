/**
 * Trades of the control surface: a position is set to a new quantity, filled at once at the
 * current price, without commissions. The bookkeeping keeps NLV unchanged by the trade:
 *
 * - Stocks and options: cash (in the instrument's currency) pays delta × price × multiplier.
 * - Futures: no cash at the fill (they are marked to market); the realized P&L of a reduction
 *   moves from the futures' P&L into cash.
 * - Currency pair (EUR.USD): the EUR balance becomes the new quantity, USD cash pays delta × rate.
 * - Average price: weighted on an increase, unchanged on a reduction (which realizes
 *   (fill − average) × closed quantity × multiplier), the fill price for what a flip opens.
 * - Daily basis grows by delta × fill price × multiplier (positions.ts explains why).
 * - A trade in a non-base currency also moves that currency's balance, which is booked like a
 *   fill of the currency pair at the current rate (average rate, realized and daily basis),
 *   so the EUR.USD position changes with it.
 */
import { BASE_CURRENCY, INSTRUMENTS_BY_CONID, fxPairOf, type Instrument } from "./instruments";
import type { CurrencyHolding, SubAccount } from "./portfolio";
import type { PriceBook } from "./prices";

export class InvalidTradeError extends Error {
  override readonly name = "InvalidTradeError";
}

/** Largest position a trade may set, in shares, contracts or currency units. */
const MAX_QUANTITY = 1e9;

/** A quantity and its average price, as a fill changes them. */
interface Lot {
  quantity: number;
  averagePrice: number;
}

/** Applies a fill of `delta` at `price` to `lot`; returns the quantity closed (signed like the old position). */
export function fillLot(lot: Lot, delta: number, price: number): number {
  const old = lot.quantity;
  const next = old + delta;
  let closed = 0;
  if (old === 0 || Math.sign(delta) === Math.sign(old)) {
    lot.averagePrice = next === 0 ? 0 : (old * lot.averagePrice + delta * price) / next;
  } else if (Math.abs(delta) <= Math.abs(old)) {
    closed = -delta;
    if (next === 0) lot.averagePrice = 0;
  } else {
    closed = old;
    lot.averagePrice = price;
  }
  lot.quantity = next;
  return closed;
}

const addTo = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);

/** Books a change of a non-base balance as a fill of its currency pair at the current rate. */
function moveCurrency(account: SubAccount, currency: string, delta: number, rate: number): void {
  let holding: CurrencyHolding | undefined = account.currencies.get(currency);
  if (!holding) {
    holding = { averageRate: 0, dailyBasis: 0, realizedToday: 0 };
    account.currencies.set(currency, holding);
  }
  const lot = { quantity: account.cash.get(currency) ?? 0, averagePrice: holding.averageRate };
  const closed = fillLot(lot, delta, rate);
  const realized = (rate - holding.averageRate) * closed;
  holding.averageRate = lot.averagePrice;
  holding.dailyBasis += delta * rate;
  holding.realizedToday += realized;
  addTo(account.realizedPnL, BASE_CURRENCY, realized);
  account.cash.set(currency, lot.quantity);
}

/** Moves cash in `currency`; returns the conId of the pair position that changed with it, if any. */
function moveCash(account: SubAccount, currency: string, amount: number, prices: PriceBook): number | undefined {
  if (amount === 0) return undefined;
  if (currency === BASE_CURRENCY) {
    addTo(account.cash, currency, amount);
    return undefined;
  }
  moveCurrency(account, currency, amount, prices.fxRate(currency));
  return fxPairOf(currency)?.conId;
}

export function instrumentOf(conId: number): Instrument {
  const instrument = INSTRUMENTS_BY_CONID.get(conId);
  if (!instrument) throw new InvalidTradeError(`unknown conId ${conId}`);
  return instrument;
}

/** Sets the account's position in `conId` to `quantity`; returns the conIds whose position changed. */
export function tradeTo(account: SubAccount, conId: number, quantity: number, prices: PriceBook): number[] {
  const instrument = instrumentOf(conId);
  if (!Number.isFinite(quantity) || Math.abs(quantity) > MAX_QUANTITY) {
    throw new InvalidTradeError(`quantity must be a number within ±${MAX_QUANTITY}`);
  }
  if (instrument.secType === "CASH") {
    if (instrument.currency !== BASE_CURRENCY) throw new InvalidTradeError(`${instrument.localSymbol} is not quoted in the base currency`);
    const currency = instrument.symbol;
    const delta = quantity - (account.cash.get(currency) ?? 0);
    if (delta === 0) return [];
    const rate = prices.fxRate(currency);
    moveCurrency(account, currency, delta, rate);
    account.cash.set(currency, quantity); // exactly, whatever the float sums gave
    addTo(account.cash, BASE_CURRENCY, -delta * rate);
    return [conId];
  }
  if (!Number.isInteger(quantity)) throw new InvalidTradeError(`${instrument.secType} quantities are whole numbers`);

  let position = account.positions.find((p) => p.instrument.conId === conId);
  if (!position) {
    position = { instrument, quantity: 0, averagePrice: 0, dailyBasis: 0, realizedToday: 0 };
    account.positions.push(position);
  }
  const delta = quantity - position.quantity;
  if (delta === 0) return [];
  const price = prices.price(instrument);
  const multiplier = instrument.multiplier;
  const averageBefore = position.averagePrice;
  const closed = fillLot(position, delta, price);
  const realized = (price - averageBefore) * closed * multiplier;
  position.dailyBasis += delta * price * multiplier;
  position.realizedToday += realized;
  addTo(account.realizedPnL, instrument.currency, realized);
  const cashFlow = instrument.secType === "FUT" ? realized : -delta * price * multiplier;
  const pair = moveCash(account, instrument.currency, cashFlow, prices);
  return pair === undefined ? [conId] : [conId, pair];
}
