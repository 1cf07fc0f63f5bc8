"use client";

import type { Table } from "@tanstack/react-table";
import grid from "./data-grid.module.css";

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;
const ARROWS = { asc: "\u25b2", desc: "\u25bc" } as const;

export interface HeaderColumn {
  id: string;
  header: string;
  align?: "start" | "end";
}

/** The grid's CSS module: its head, row, heading and sort classes (each composes data-grid.module.css's). */
export type HeaderClasses = Readonly<Record<string, string | undefined>>;

/** A grid's column headers; a click sorts by a column, shift-click adds it to the sort. */
export function SortableGridHeader<Row>({ table, columns, classes }: { table: Table<Row>; columns: readonly HeaderColumn[]; classes: HeaderClasses }) {
  const multi = table.getState().sorting.length > 1;
  return (
    <div role="rowgroup" className={classes.head}>
      <div role="row" className={classes.row} aria-rowindex={1}>
        {columns.map(({ id, header, align = "start" }) => {
          const column = table.getColumn(id);
          const sorted = column?.getIsSorted() ?? false;
          return (
            <div key={id} role="columnheader" className={classes.heading} data-col={id} data-align={align} aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
              <button type="button" className={classes.sort} onClick={column?.getToggleSortingHandler()} title="Sort; shift-click to add to the sort">
                {header}
                {sorted && (
                  <span className={grid.arrow} aria-hidden="true">
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
