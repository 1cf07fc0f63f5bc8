import type { Position } from "@/lib/positions";
import { POSITION_COLUMN_IDS, positionColumn, type PositionColumnId, type RowContext } from "./position-columns";

/** A group's total of one money column: amounts only add up within one currency. */
export type Subtotal = { kind: "sum"; total: number; currency: string | null } | { kind: "mixed"; currencies: readonly string[] };

export type Subtotals = Partial<Record<PositionColumnId, Subtotal>>;

/** The money columns a group row totals. */
const SUBTOTAL_COLUMNS = POSITION_COLUMN_IDS.flatMap((id) => {
  const column = positionColumn(id);
  return column.kind === "number" && column.subtotalCurrency ? [{ id, value: column.value, currency: column.subtotalCurrency }] : [];
});

/** Whether group rows total this column. */
export function isSubtotalColumn(id: PositionColumnId): boolean {
  return SUBTOTAL_COLUMNS.some((column) => column.id === id);
}

/** The subtotals of a group's members as they stand; amounts not known yet are left out. */
export function subtotalsOf(memberKeys: readonly string[], positions: ReadonlyMap<string, Position>, context: RowContext): Subtotals {
  const subtotals: Subtotals = {};
  for (const { id, value, currency } of SUBTOTAL_COLUMNS) {
    let total = 0;
    let first: string | null | undefined;
    const others = new Set<string | null>();
    for (const key of memberKeys) {
      const position = positions.get(key);
      const amount = position ? value(position) : null;
      if (!position || amount === null) continue;
      const code = currency(position, context);
      if (first === undefined) first = code;
      else if (code !== first) others.add(code);
      total += amount;
    }
    if (first === undefined) continue;
    subtotals[id] = others.size === 0 ? { kind: "sum", total, currency: first } : { kind: "mixed", currencies: [first, ...others].map((code) => code ?? "?").sort() };
  }
  return subtotals;
}
