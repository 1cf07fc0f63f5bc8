import { positionKey, type Position } from "@/lib/positions";

/** A priced stock position for tests: 10 shares worth 1,000 USD; override what the test is about. */
export function testPosition(account: string, conId: number, fields: Partial<Position> = {}): Position {
  const symbol = fields.symbol ?? `S${conId}`;
  return {
    key: positionKey(account, conId),
    account,
    conId,
    symbol,
    localSymbol: symbol,
    underlying: symbol,
    secType: "STK",
    expiry: null,
    strike: null,
    right: null,
    multiplier: 1,
    currency: "USD",
    position: 10,
    avgCost: 90,
    marketValue: 1_000,
    marketValueBase: 1_000,
    shareOfNetLiq: 0.01,
    dailyPnL: 5,
    unrealizedPnL: 100,
    realizedPnL: 0,
    changedAt: 1_000,
    ...fields,
  };
}
