import type { DomainEvent, PositionContract } from "@/server/domain/events";

/** Builders for the domain events the risk-engine tests feed in. */
export const STOCK = (symbol: string, conId: number, currency = "USD"): PositionContract => ({
  conId,
  symbol,
  secType: "STK",
  expiry: null,
  strike: null,
  right: null,
  multiplier: 1,
  currency,
  localSymbol: symbol,
});

export function positionEvent(account: string, contract: PositionContract, position: number, avgCost = 100, at = 1) {
  return { type: "position", account, contract, position, avgCost, at } satisfies Extract<DomainEvent, { type: "position" }>;
}

export function pnlEvent(account: string, conId: number, value: number, dailyPnL = 0, at = 2) {
  return {
    type: "positionPnl",
    account,
    conId,
    position: 0,
    dailyPnL,
    unrealizedPnL: 0,
    realizedPnL: 0,
    value,
    at,
  } satisfies Extract<DomainEvent, { type: "positionPnl" }>;
}
