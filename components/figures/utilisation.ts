export type UtilisationLevel = "ok" | "warn" | "critical";

/** Maintenance margin / net liquidation from which an account is a warning, then critical. */
export const UTILISATION_WARN_FROM = 0.5;
export const UTILISATION_CRITICAL_FROM = 0.8;

export const UTILISATION_LABELS: Record<UtilisationLevel, string> = { ok: "OK", warn: "Warning", critical: "Critical" };

export function utilisationLevel(utilisation: number): UtilisationLevel {
  if (utilisation >= UTILISATION_CRITICAL_FROM) return "critical";
  if (utilisation >= UTILISATION_WARN_FROM) return "warn";
  return "ok";
}
