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
  /** Absent until IB has reported it. */
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
      changedAt={figure?.changedAt}
      format={(value) => (figureKey === "marginUtilisation" ? <UtilisationGauge utilisation={value} /> : formatFigure(figureKey, value, currency))}
      signed={isPnLFigure(figureKey)}
      title={figure ? undefined : "Not reported by IB yet"}
    />
  );
});
