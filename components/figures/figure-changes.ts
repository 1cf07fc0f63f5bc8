import type { RiskLevel } from "@/lib/figures";
import { LEVEL_ICONS, LEVEL_LABELS, LEVEL_SEVERITY } from "./risk-level";

/** What a figure shows at one moment: its value and the engine's verdicts on it. */
export interface FigureReading {
  value: number | null | undefined;
  /** The engine's level, for a figure that has one. */
  level: RiskLevel | undefined;
  /** The value shown is not IB's latest (see Figure.stale in lib/figures). */
  stale: boolean;
}

/** A verdict on a figure that changed: what the eye should be drawn to. */
export interface VerdictChange {
  /** The tone of the new verdict. */
  tone: RiskLevel;
  /** The new verdict in words, after an icon: never colour alone. */
  label: string;
}

/** A figure's changes since it was drawn; each count restarts the highlight that shows it. */
export interface FigureChanges {
  /** Changes of value alone, each shown by a brief flash. */
  valueChanges: number;
  /** The last verdict change and how many there were; null before the first. */
  verdict: { change: VerdictChange; count: number } | null;
}

export const NO_CHANGES: FigureChanges = { valueChanges: 0, verdict: null };

export function sameReading(a: FigureReading, b: FigureReading): boolean {
  return Object.is(a.value, b.value) && a.level === b.level && a.stale === b.stale;
}

/**
 * Folds a new reading into the changes so far. A changed verdict is recorded instead of a
 * value flash (its value usually moved too): it is the change that matters.
 */
export function nextChanges(changes: FigureChanges, before: FigureReading, after: FigureReading): FigureChanges {
  const verdict = verdictChange(before, after);
  if (verdict) return { ...changes, verdict: { change: verdict, count: (changes.verdict?.count ?? 0) + 1 } };
  if (!Object.is(before.value, after.value)) return { ...changes, valueChanges: changes.valueChanges + 1 };
  return changes;
}

interface Candidate {
  worse: boolean;
  change: VerdictChange;
}

/**
 * The verdict that changed between two readings, the one that got worse if two did. A level
 * that comes or goes with its value (not reported yet, IB's unset) is not a change of verdict.
 */
export function verdictChange(before: FigureReading, after: FigureReading): VerdictChange | null {
  const candidates: Candidate[] = [];
  if (before.level && after.level && before.level !== after.level) {
    const worse = LEVEL_SEVERITY[after.level] > LEVEL_SEVERITY[before.level];
    const label = `${LEVEL_ICONS[after.level]} ${worse ? "now" : "back to"} ${LEVEL_LABELS[after.level]}`;
    candidates.push({ worse, change: { tone: after.level, label } });
  }
  if (before.stale !== after.stale) {
    candidates.push(
      after.stale ? { worse: true, change: { tone: "warn", label: "\u26a0 now stale" } } : { worse: false, change: { tone: "ok", label: "\u2713 fresh again" } },
    );
  }
  return (candidates.find((candidate) => candidate.worse) ?? candidates[0])?.change ?? null;
}
