import type { RiskLevel } from "@/lib/figures";
import type { RiskThresholds } from "./thresholds";

/** The level of a margin utilisation: ok, warn from the warning threshold, critical from the critical one. */
export function utilisationLevel(utilisation: number, thresholds: RiskThresholds): RiskLevel {
  if (utilisation >= thresholds.utilisationCritical) return "critical";
  if (utilisation >= thresholds.utilisationWarn) return "warn";
  return "ok";
}

/**
 * Whether a bucket of exposure is a concentration: a single underlying, or a currency other
 * than the scope's base, whose gross exposure is above its share of net liquidation. A
 * security type is not a concentration: being long stocks is what a stock book does.
 */
export function isConcentrated(
  kind: "underlying" | "currency",
  shareOfNetLiq: number | null,
  thresholds: RiskThresholds,
): boolean {
  if (shareOfNetLiq === null) return false;
  const limit = kind === "underlying" ? thresholds.concentrationUnderlying : thresholds.concentrationCurrency;
  return shareOfNetLiq > limit;
}
