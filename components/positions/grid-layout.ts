import type { Position } from "@/lib/positions";
import { accountLabel } from "@/lib/scope";
import { positionColumn, POSITION_COLUMN_IDS, sortValue, type PositionColumnId, type RowContext } from "./position-columns";

export const GROUP_BY = ["none", "account", "underlying"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ColumnSort {
  id: string;
  desc: boolean;
}

export interface GridQuery {
  /** Case-insensitive text matched against symbol, account, alias and underlying. */
  filter: string;
  /** By priority; ties fall back to account, then symbol. */
  sorting: readonly ColumnSort[];
  groupBy: GroupBy;
  /** Keys of the group rows folded away. */
  collapsed: ReadonlySet<string>;
}

export type LayoutRow =
  | { kind: "position"; key: string }
  | {
      kind: "group";
      /** `account:DU1`, `underlying:AAPL`: stable while the grouping stands. */
      key: string;
      label: string;
      /** The group's positions that match the filter, shown or folded. */
      memberKeys: readonly string[];
      expanded: boolean;
    };

export interface GridLayout {
  /** What the grid draws, top to bottom, by key: rows read their current values themselves. */
  rows: LayoutRow[];
  /** Positions that match the filter, folded ones included. */
  matched: number;
}

/**
 * Where each position goes in the grid: filtered, sorted, then (optionally) grouped under
 * group rows. Only keys come out, so values can change without a new layout; a layout is
 * needed when positions come or go, the query changes, or the sort is by a live value.
 */
export function buildLayout(positions: Iterable<Position>, query: GridQuery, context: RowContext): GridLayout {
  const sorted = sortPositions(filterPositions(positions, query.filter, context), query.sorting, context);
  if (query.groupBy === "none") return { rows: sorted.map(({ key }) => ({ kind: "position", key })), matched: sorted.length };
  return { rows: groupRows(sorted, query, context), matched: sorted.length };
}

/** Whether the sort follows values that change with prices, so the order must be refreshed as they do. */
export function sortsByLiveValue(sorting: readonly ColumnSort[]): boolean {
  return sorting.some(({ id }) => isColumnId(id) && positionColumn(id).kind === "number");
}

function filterPositions(positions: Iterable<Position>, filter: string, { aliases }: RowContext): Position[] {
  const needle = filter.trim().toLowerCase();
  const matching: Position[] = [];
  for (const position of positions) {
    if (!needle || searchText(position, aliases).includes(needle)) matching.push(position);
  }
  return matching;
}

function searchText(position: Position, aliases: Readonly<Record<string, string>>): string {
  return `${position.symbol} ${position.localSymbol} ${position.underlying} ${position.account} ${aliases[position.account] ?? ""}`.toLowerCase();
}

function sortPositions(positions: Position[], sorting: readonly ColumnSort[], context: RowContext): Position[] {
  const sorts = sorting.flatMap(({ id, desc }) => (isColumnId(id) ? [{ column: positionColumn(id), direction: desc ? -1 : 1 }] : []));
  const labels = accountLabels(positions, context);
  // Each row's sort values are read once, not once per comparison.
  const decorated = positions.map((position) => ({
    position,
    values: sorts.map(({ column }) => sortValue(column, position, context)),
    label: labels.get(position.account) ?? position.account,
  }));
  decorated.sort((a, b) => {
    for (const [index, { direction }] of sorts.entries()) {
      const order = compareValues(a.values[index] ?? null, b.values[index] ?? null, direction);
      if (order !== 0) return order;
    }
    return compare(a.label, b.label) || compare(a.position.localSymbol, b.position.localSymbol) || compare(a.position.key, b.position.key);
  });
  return decorated.map(({ position }) => position);
}

/** Nulls last whichever the direction: what is not known yet never heads a ranking. */
function compareValues(a: string | number | null, b: string | number | null, direction: number): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compare(a, b) * direction;
}

function compare<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupRows(sorted: readonly Position[], { groupBy, collapsed }: GridQuery, context: RowContext): LayoutRow[] {
  const groups = new Map<string, string[]>();
  for (const position of sorted) {
    const value = groupBy === "account" ? position.account : position.underlying;
    const members = groups.get(value);
    if (members) members.push(position.key);
    else groups.set(value, [position.key]);
  }
  const labelled = [...groups].map(([value, memberKeys]) => ({
    key: `${groupBy}:${value}`,
    memberKeys,
    label: groupBy === "account" ? accountLabel(value, context.aliases) : value,
  }));
  labelled.sort((a, b) => compare(a.label, b.label));

  const rows: LayoutRow[] = [];
  for (const group of labelled) {
    const expanded = !collapsed.has(group.key);
    rows.push({ kind: "group", ...group, expanded });
    if (expanded) for (const key of group.memberKeys) rows.push({ kind: "position", key });
  }
  return rows;
}

function accountLabels(positions: readonly Position[], { aliases }: RowContext): Map<string, string> {
  const labels = new Map<string, string>();
  for (const { account } of positions) if (!labels.has(account)) labels.set(account, accountLabel(account, aliases));
  return labels;
}

function isColumnId(id: string): id is PositionColumnId {
  return (POSITION_COLUMN_IDS as readonly string[]).includes(id);
}
