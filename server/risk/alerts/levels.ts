import type { AlertLevel, AlertRuleSettings } from "@/lib/alerts";
import type { AlertRuleKind } from "./rules";

/** No alert, warning, critical: in order of severity. */
export type MaybeLevel = AlertLevel | null;

export const levelRank = (level: MaybeLevel): number => (level === "critical" ? 2 : level === "warning" ? 1 : 0);

/**
 * The level a value stands at, given the level it stood at: a level is entered when the
 * value reaches its threshold, and kept until the value has moved back past the threshold
 * by the hysteresis, so a value hovering around a threshold does not flap.
 */
export function levelOf(value: number, settings: AlertRuleSettings, worse: AlertRuleKind["worse"], current: MaybeLevel): MaybeLevel {
  if (reaches(value, settings.critical, current === "critical" ? settings.hysteresis : 0, worse)) return "critical";
  if (reaches(value, settings.warning, current !== null ? settings.hysteresis : 0, worse)) return "warning";
  return null;
}

function reaches(value: number, threshold: number | null, margin: number, worse: AlertRuleKind["worse"]): boolean {
  if (threshold === null) return false;
  return worse === "higher" ? value >= threshold - margin : value <= threshold + margin;
}

/** The threshold of a level. */
export const thresholdOf = (settings: AlertRuleSettings, level: AlertLevel): number | null =>
  level === "critical" ? settings.critical : settings.warning;
