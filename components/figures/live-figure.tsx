"use client";

import type { ReactNode } from "react";
import type { RiskLevel } from "@/lib/figures";
import { formatClockTime, PLACEHOLDER, UNAVAILABLE } from "@/lib/format";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { StaleAge } from "./stale-age";
import { useFigureChanges } from "./use-figure-changes";
import { VerdictMarker } from "./verdict-marker";
import styles from "./figure-value.module.css";

export type LiveFigureProps = {
  /** The element it is drawn as: a table cell, a description, a grid cell. */
  as: "td" | "dd" | "div";
  /** Null or absent: not known yet, drawn as a placeholder (or as unavailable, see below). */
  value: number | null | undefined;
  /** IB has no value for it: drawn as a word, never as a number. */
  unavailable?: boolean;
  /** IB's latest update was refused: the value shown is the last good one, dimmed and labelled. */
  refused?: boolean;
  /** The engine's level for it, when it has one (margin utilisation). */
  level?: RiskLevel;
  format: (value: number) => ReactNode;
  /** When the value last changed (server clock): its tooltip, and its age when not live. */
  changedAt?: number;
  /** P&L: coloured by sign (the sign is written as well). */
  signed?: boolean;
  /** Whether this figure shows its own age when not live; a row may show one age for all its cells. */
  ownAge?: boolean;
  title?: string;
} & Record<`data-${string}`, string | undefined> & { role?: "cell" };

/**
 * One live number on screen: formatted, flashed briefly when it changes, marked for longer
 * when its verdict changes (its level, or fresh to stale and back), dimmed with its age when
 * the screen is not live or IB's latest value for it was refused. Everything that shows a
 * streamed number draws it through here.
 */
export function LiveFigure({
  as: Element,
  value,
  unavailable = false,
  refused = false,
  level,
  format,
  changedAt,
  signed = false,
  ownAge = true,
  title,
  ...attributes
}: LiveFigureProps) {
  const { state, reason } = useLinkHealth();
  const stale = state !== "live";
  const { valueChanges, verdict } = useFigureChanges({ value, level, stale: refused });
  const known = value !== null && value !== undefined;
  const tooltip = title ?? (changedAt === undefined ? undefined : `Changed at ${formatClockTime(changedAt)}`);
  return (
    <Element
      {...attributes}
      className={styles.figure}
      data-sign={known && signed ? signOf(value) : undefined}
      data-stale={stale || undefined}
      data-unavailable={(!known && unavailable) || undefined}
      data-refused={refused || undefined}
      title={stale && tooltip && changedAt !== undefined ? `${tooltip} \u2014 not live: ${reason}` : tooltip}
    >
      {/* A new key remounts the span, which restarts the flash animation. */}
      <span key={valueChanges} className={valueChanges > 0 ? styles.flash : undefined}>
        {known ? format(value) : unavailable ? UNAVAILABLE : PLACEHOLDER}
      </span>
      {verdict && <VerdictMarker key={verdict.count} change={verdict.change} />}
      {refused && <span className={styles.refusedLabel} data-label="stale" aria-hidden="true" />}
      {(stale || refused) && ownAge && known && changedAt !== undefined && <StaleAge changedAt={changedAt} />}
    </Element>
  );
}

function signOf(value: number): "up" | "down" | "flat" {
  const rounded = Math.round(value);
  return rounded > 0 ? "up" : rounded < 0 ? "down" : "flat";
}
