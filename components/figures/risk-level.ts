import type { RiskLevel } from "@/lib/figures";

/** A level in words, so it never relies on colour alone. */
export const LEVEL_LABELS: Record<RiskLevel, string> = { ok: "OK", warn: "Warning", critical: "Critical" };
export const LEVEL_ICONS: Record<RiskLevel, string> = { ok: "\u2713", warn: "\u25b2", critical: "\u2716" };

export const LEVEL_SEVERITY: Record<RiskLevel, number> = { ok: 0, warn: 1, critical: 2 };
