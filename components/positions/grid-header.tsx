"use client";

import type { Table } from "@tanstack/react-table";
import type { Position } from "@/lib/positions";
import { alignOf, POSITION_COLUMN_IDS, positionColumn } from "./position-columns";
import styles from "./positions-grid.module.css";

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const ARROWS = { asc: "\u25b2", desc: "\u25bc" } as const;

/** The column headers; a click sorts by a column, shift-click adds it to the sort. */
export function GridHeader({ table }: { table: Table<Position> }) {
  const multi = table.getState().sorting.length > 1;
  return (
    <div role="rowgroup" className={styles.head}>
      <div role="row" className={styles.row} aria-rowindex={1}>
        {POSITION_COLUMN_IDS.map((id) => {
          const spec = positionColumn(id);
          const column = table.getColumn(id);
          const sorted = column?.getIsSorted() ?? false;
          return (
            <div key={id} role="columnheader" className={styles.heading} data-col={id} data-align={alignOf(spec)} aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
              <button type="button" className={styles.sort} onClick={column?.getToggleSortingHandler()} title="Sort; shift-click to add to the sort">
                {spec.header}
                {sorted && (
                  <span className={styles.arrow} aria-hidden="true">
                    {ARROWS[sorted]}
                    {multi && column ? column.getSortIndex() + 1 : ""}
                  </span>
                )}
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
