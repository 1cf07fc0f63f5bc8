"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { Table } from "@tanstack/react-table";
import type { Position } from "@/lib/positions";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { SortableGridHeader, type HeaderColumn } from "@/components/layout/sortable-grid-header";
import type { GridLayout } from "./grid-layout";
import { GroupRow } from "./group-row";
import { alignOf, GRID_TEMPLATE, GRID_WIDTH_REM, POSITION_COLUMN_IDS, positionColumn, type RowContext } from "./position-columns";
import { PositionRow } from "./position-row";
import styles from "./positions-grid.module.css";

interface PositionsGridProps {
  table: Table<Position>;
  layout: GridLayout;
  positions: ReadonlyMap<string, Position>;
  context: RowContext;
  onToggleGroup: (key: string) => void;
}

/** Rows are 2rem high; the virtualizer measures the real height of the rows it draws. */
const ROW_ESTIMATE_PX = 28;
const HEADER_COLUMNS: HeaderColumn[] = POSITION_COLUMN_IDS.map((id) => ({ id, header: positionColumn(id).header, align: alignOf(positionColumn(id)) }));

/**
 * The positions as a virtualised grid: only the rows in view (and a few either side) are
 * in the DOM, each a memoised component keyed by its position key, so a delta re-renders
 * just the visible rows whose position changed.
 */
export function PositionsGrid({ table, layout, positions, context, onToggleGroup }: PositionsGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const stale = useLinkHealth().state !== "live";
  const { rows } = layout;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read in this render only, never memoised
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  });

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="table"
      aria-label="Positions"
      aria-rowcount={rows.length + 1}
      data-testid="positions-grid"
      data-row-count={layout.matched}
      data-stale={stale || undefined}
      style={{ "--grid-template": GRID_TEMPLATE, "--grid-width": `${GRID_WIDTH_REM}rem` } as React.CSSProperties}
    >
      <SortableGridHeader table={table} columns={HEADER_COLUMNS} classes={styles} />
      <div role="rowgroup" className={styles.body} style={{ blockSize: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map(({ index, start }) => {
          const row = rows[index];
          if (row?.kind === "group") {
            return (
              <GroupRow
                key={row.key}
                group={row}
                positions={positions}
                context={context}
                onToggle={onToggleGroup}
                index={index}
                start={start}
                measure={virtualizer.measureElement}
              />
            );
          }
          const position = row && positions.get(row.key);
          return (
            position && (
              <PositionRow key={row.key} position={position} context={context} index={index} start={start} measure={virtualizer.measureElement} />
            )
          );
        })}
      </div>
    </div>
  );
}
