import type { Contract } from "@stoqey/ib";
import type { IbReading, PositionContract } from "@/server/domain/events";
import type { NumberKind } from "./ib-numbers";

/** Reads the contract's numbers at the numeric boundary, naming the field. */
export interface ContractNumberReader {
  read(kind: NumberKind, raw: unknown, field: string): IbReading;
  readRequired(kind: NumberKind, raw: unknown, field: string): number | "refused";
}

/**
 * IB's contract, as received with a position, in RiskDesk's terms: "incomplete" when a
 * field RiskDesk needs is missing, "refused" when one of its numbers was.
 */
export function toPositionContract(contract: Contract, numbers: ContractNumberReader): PositionContract | "incomplete" | "refused" {
  if (!contract.symbol || !contract.secType || !contract.currency) return "incomplete";
  const conId = numbers.readRequired("conId", contract.conId, "conId");
  const strike = numbers.read("price", contract.strike, "strike");
  const multiplier = numbers.read("multiplier", contract.multiplier, "multiplier");
  if (conId === "refused" || strike === "refused" || multiplier === "refused") return "refused";
  return {
    conId,
    symbol: contract.symbol,
    secType: String(contract.secType),
    expiry: contract.lastTradeDateOrContractMonth || null,
    strike: strike !== null && strike > 0 ? strike : null,
    right: normaliseRight(String(contract.right ?? "")),
    // IB leaves the multiplier empty (decoded as 0) where there is none.
    multiplier: multiplier !== null && multiplier > 0 ? multiplier : 1,
    currency: contract.currency,
    localSymbol: contract.localSymbol || contract.symbol,
  };
}

function normaliseRight(right: string): "C" | "P" | null {
  if (right === "C" || right === "CALL") return "C";
  if (right === "P" || right === "PUT") return "P";
  return null;
}
