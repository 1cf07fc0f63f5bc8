"use client";

import { getCoreRowModel, useReactTable, type ColumnDef, type OnChangeFn, type SortingState } from "@tanstack/react-table";
import type { Position } from "@/lib/positions";
import { POSITION_COLUMN_IDS, positionColumn, sortValue, type RowContext } from "./position-columns";

const NO_CONTEXT: RowContext = { aliases: {}, currencies: new Map() };
const NO_ROWS: Position[] = [];

const COLUMNS: ColumnDef<Position>[] = POSITION_COLUMN_IDS.map((id) => {
  const column = positionColumn(id);
  return {
    id,
    header: column.header,
    accessorFn: (position) => sortValue(column, position, NO_CONTEXT),
    // Numbers rank largest first on the first click; text runs A to Z.
    sortDescFirst: column.kind === "number",
  };
});

/**
 * TanStack Table as the grid's column and sorting model: headers, sort state, and the
 * click / shift-click sort cycle. Rows are laid out by buildLayout instead: TanStack's
 * client-side row models rebuild every row object on each data change, which for
 * 20,000 positions several times a second costs hundreds of milliseconds.
 */
export function usePositionsTable(sorting: SortingState, onSortingChange: OnChangeFn<SortingState>) {
  // eslint-disable-next-line react-hooks/incompatible-library -- the table is read afresh on every render, by components that are not memoised
  return useReactTable({
    data: NO_ROWS,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
  });
}
