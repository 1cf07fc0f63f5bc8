"use client";

import { memo } from "react";
import type { Position } from "@/lib/positions";
import { LiveFigure } from "@/components/figures/live-figure";
import { StaleAge } from "@/components/figures/stale-age";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { alignOf, POSITION_COLUMN_IDS, positionColumn, type RowContext } from "./position-columns";
import styles from "./positions-grid.module.css";

interface PositionRowProps {
  position: Position;
  context: RowContext;
  /** Its place in the grid's rows (for the virtualizer and assistive technology). */
  index: number;
  /** Pixels from the top of the grid body. */
  start: number;
  measure: (element: HTMLElement | null) => void;
}

/**
 * One position. Memoised: it re-renders only when its own position object changes (the
 * stream replaces it whole on a change), and then only its changed figures flash.
 */
export const PositionRow = memo(function PositionRow({ position, context, index, start, measure }: PositionRowProps) {
  const stale = useLinkHealth().state !== "live";
  return (
    <div
      ref={measure}
      role="row"
      className={styles.row}
      data-testid="position-row"
      data-key={position.key}
      data-index={index}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${start}px)` }}
    >
      {POSITION_COLUMN_IDS.map((id) => {
        const column = positionColumn(id);
        if (column.kind === "text") {
          return (
            <div key={id} role="cell" className={styles.text} data-col={id} data-align={alignOf(column)}>
              {column.text(position, context)}
            </div>
          );
        }
        return (
          <LiveFigure
            key={id}
            as="div"
            role="cell"
            data-col={id}
            value={column.value(position)}
            format={(value) => column.format(value, position, context)}
            signed={column.signed}
            ownAge={false}
          />
        );
      })}
      {stale && <StaleAge changedAt={position.changedAt} />}
    </div>
  );
});
