"use client";

import { memo } from "react";
import type { Figure, FigureKey } from "@/lib/figures";
import { formatFigure, isPnLFigure } from "@/lib/format";
import { LiveFigure } from "./live-figure";
import { UtilisationGauge } from "./utilisation-gauge";

interface FigureValueProps {
  /** A table cell in account rows, a description in the totals strip. */
  as: "td" | "dd";
  figureKey: FigureKey;
  /** Absent until IB has reported it; see lib/figures for unavailable and stale figures. */
  figure: Figure | undefined;
  currency: string | null;
}

/**
 * One account or totals figure. Memoised on the figure object, which the cache keeps by
 * reference while its value stands.
 */
export const FigureValue = memo(function FigureValue({ as, figureKey, figure, currency }: FigureValueProps) {
  return (
    <LiveFigure
      as={as}
      data-figure={figureKey}
      value={figure?.value}
      unavailable={figure?.value === null}
      refused={figure?.stale}
      level={figure?.level}
      changedAt={figure?.changedAt}
      format={(value) =>
        figure?.level ? <UtilisationGauge utilisation={value} level={figure.level} /> : formatFigure(figureKey, value, currency)
      }
      signed={isPnLFigure(figureKey)}
      title={describe(figure)}
    />
  );
});

/** Why a figure is not a plain live number, in words; undefined when it is one. */
function describe(figure: Figure | undefined): string | undefined {
  if (!figure) return "Not reported by IB yet";
  if (figure.stale) {
    const shown = figure.value === null ? "there is no earlier value" : "showing the last good value";
    return `Stale: IB has not refreshed it within its usual cadence, or its latest value was not a plausible number and was refused; ${shown}`;
  }
  if (figure.value === null) return "IB sent no value";
  return undefined;
}
