"use client";

import { memo, useState } from "react";
import type { Figure, FigureKey } from "@/lib/figures";
import { formatClockTime, formatFigure, isPnLFigure, PLACEHOLDER } from "@/lib/format";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { StaleAge } from "./stale-age";
import { UtilisationGauge } from "./utilisation-gauge";
import styles from "./figure-value.module.css";

interface FigureValueProps {
  /** A table cell in account rows, a description in the firm strip. */
  as: "td" | "dd";
  figureKey: FigureKey;
  /** Absent until IB has reported it. */
  figure: Figure | undefined;
  currency: string | null;
}

/**
 * One figure on screen: formatted, its change time in the tooltip, flashed when its value
 * changes, dimmed with its age when the screen is not live. Memoised on the figure object,
 * which the cache keeps by reference while its value stands.
 */
export const FigureValue = memo(function FigureValue({ as: Cell, figureKey, figure, currency }: FigureValueProps) {
  const { state, reason } = useLinkHealth();
  const stale = state !== "live";
  const changes = useChangeCount(figure?.value);
  const title = figure
    ? `Changed at ${formatClockTime(figure.changedAt)}${stale ? ` \u2014 not live: ${reason}` : ""}`
    : "Not reported by IB yet";
  return (
    <Cell
      className={styles.figure}
      data-figure={figureKey}
      data-sign={figure && isPnLFigure(figureKey) ? signOf(figure.value) : undefined}
      data-stale={stale || undefined}
      title={title}
    >
      {/* A new key remounts the span, which restarts the flash animation. */}
      <span key={changes} className={changes > 0 ? styles.flash : undefined}>
        {figure ? <FigureContent figureKey={figureKey} value={figure.value} currency={currency} /> : PLACEHOLDER}
      </span>
      {stale && figure && <StaleAge changedAt={figure.changedAt} />}
    </Cell>
  );
});

function FigureContent({ figureKey, value, currency }: { figureKey: FigureKey; value: number; currency: string | null }) {
  if (figureKey === "marginUtilisation") return <UtilisationGauge utilisation={value} />;
  return formatFigure(figureKey, value, currency);
}

/** How many times the value has changed since mount (adjusting state while rendering, as React recommends). */
function useChangeCount(value: number | undefined): number {
  const [seen, setSeen] = useState(value);
  const [changes, setChanges] = useState(0);
  if (value !== seen) {
    setSeen(value);
    setChanges(changes + 1);
  }
  return changes;
}

function signOf(value: number): "up" | "down" | "flat" {
  const rounded = Math.round(value);
  return rounded > 0 ? "up" : rounded < 0 ? "down" : "flat";
}
