import type { Contract } from "@stoqey/ib";
import type { PositionContract } from "@/server/domain/events";

/** IB's contract, as received with a position, in RiskDesk's terms. */
export function toPositionContract(contract: Contract): PositionContract | null {
  if (contract.conId === undefined || !contract.symbol || !contract.secType || !contract.currency) return null;
  const strike = contract.strike ?? 0;
  const multiplier = Number(contract.multiplier ?? 1);
  const right = normaliseRight(String(contract.right ?? ""));
  return {
    conId: contract.conId,
    symbol: contract.symbol,
    secType: String(contract.secType),
    expiry: contract.lastTradeDateOrContractMonth || null,
    strike: strike > 0 ? strike : null,
    right,
    multiplier: Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1,
    currency: contract.currency,
    localSymbol: contract.localSymbol || contract.symbol,
  };
}

function normaliseRight(right: string): "C" | "P" | null {
  if (right === "C" || right === "CALL") return "C";
  if (right === "P" || right === "PUT") return "P";
  return null;
}
