import type { FigureKey, FigureSet } from "@/lib/figures";
import { figureState, setFigure } from "./account-figures";
import type { RiskThresholds } from "./thresholds";

/** IB's two account feeds, refreshed on different cadences. */
type Feed = "values" | "pnl";

const PNL_FIGURES: ReadonlySet<FigureKey> = new Set(["dailyPnL", "unrealizedPnL", "realizedPnL"]);
/** Derived from other figures, whose staleness it takes on. */
const DERIVED: ReadonlySet<FigureKey> = new Set(["marginUtilisation"]);

const feedOf = (figure: FigureKey): Feed => (PNL_FIGURES.has(figure) ? "pnl" : "values");

/**
 * When each of an account's feeds last said anything, and which figures IB's latest word
 * on was refused: together, which figures are stale. IB sends only what changed (account
 * values every 3 minutes, P&L about every second), so any message from a feed confirms the
 * rest of it; a feed silent past its cadence leaves every figure of it stale.
 */
export class AccountFreshness {
  private readonly heardAt: Record<Feed, number | null> = { values: null, pnl: null };
  private readonly refused = new Set<FigureKey>();

  /** Notes what a message said: which feeds spoke, and which of its readings were refused. */
  heard(readings: Partial<Record<FigureKey, unknown>>, at: number): void {
    for (const figure of Object.keys(readings) as FigureKey[]) {
      this.heardAt[feedOf(figure)] = at;
      if (readings[figure] === "refused") this.refused.add(figure);
      else this.refused.delete(figure);
    }
  }

  /** Marks each figure stale or fresh as of `now`; returns those whose mark changed. */
  mark(figures: FigureSet, now: number, thresholds: RiskThresholds): FigureKey[] {
    const changed: FigureKey[] = [];
    for (const key of Object.keys(figures) as FigureKey[]) {
      if (DERIVED.has(key)) continue;
      const figure = figures[key]!;
      const stale = this.refused.has(key) || this.aged(feedOf(key), now, thresholds);
      if (Boolean(figure.stale) !== stale && setFigure(figures, key, { ...figureState(figure.value, stale), level: figure.level }, now)) {
        changed.push(key);
      }
    }
    return changed;
  }

  private aged(feed: Feed, now: number, thresholds: RiskThresholds): boolean {
    const heardAt = this.heardAt[feed];
    const limit = feed === "pnl" ? thresholds.pnlStaleMs : thresholds.accountValuesStaleMs;
    return heardAt !== null && now - heardAt > limit;
  }
}
