import type { Position } from "@/lib/positions";
import { formatExpiry, formatMoney, formatPercent, formatPnL, formatPrice, formatQuantity } from "@/lib/format";
import { accountLabel } from "@/lib/scope";

/** What a row knows beyond its position: the account's alias and base currency. */
export interface RowContext {
  aliases: Readonly<Record<string, string>>;
  currencies: ReadonlyMap<string, string | null>;
}

interface ColumnBase {
  header: string;
  /** Width in rem; the grid lays columns out on fixed widths so rows never shift. */
  width: number;
}

/** A fixed attribute of the position: drawn as text, never flashed. */
interface TextColumn extends ColumnBase {
  kind: "text";
  /** Empty where the column does not apply (no expiry on a stock). */
  text: (position: Position, context: RowContext) => string;
  /** What it sorts by, when not its text. */
  sortKey?: (position: Position) => string | number | null;
  /** Numbers such as a strike line up on the right. */
  align?: "end";
}

interface NumberColumn extends ColumnBase {
  kind: "number";
  value: (position: Position) => number | null;
  format: (value: number, position: Position, context: RowContext) => string;
  /** P&L: coloured by sign. */
  signed?: boolean;
  /** Money that group rows total, in this currency per position. */
  subtotalCurrency?: (position: Position, context: RowContext) => string | null;
}

export type PositionColumn = TextColumn | NumberColumn;

const baseCurrency = (position: Position, { currencies }: RowContext) => currencies.get(position.account) ?? null;
const ownCurrency = (position: Position) => position.currency;
const pnl = (value: (position: Position) => number | null, header: string): NumberColumn => ({
  kind: "number",
  header,
  width: 9.5,
  value,
  format: (amount, position) => formatPnL(amount, position.currency),
  signed: true,
  subtotalCurrency: ownCurrency,
});

/** The grid's columns, in order; the ids are the cells' `data-col` hooks. */
export const POSITION_COLUMNS = {
  account: { kind: "text", header: "Account", width: 13, text: (p, { aliases }) => accountLabel(p.account, aliases) },
  symbol: { kind: "text", header: "Symbol", width: 11, text: (p) => p.localSymbol },
  secType: { kind: "text", header: "Type", width: 4.5, text: (p) => p.secType },
  expiry: { kind: "text", header: "Expiry", width: 6.5, text: (p) => (p.expiry ? formatExpiry(p.expiry) : ""), sortKey: (p) => p.expiry },
  strike: {
    kind: "text",
    header: "Strike",
    width: 6,
    text: (p) => (p.strike === null ? "" : formatPrice(p.strike)),
    sortKey: (p) => p.strike,
    align: "end",
  },
  right: { kind: "text", header: "Right", width: 3.5, text: (p) => p.right ?? "" },
  position: { kind: "number", header: "Position", width: 7, value: (p) => p.position, format: formatQuantity },
  avgCost: { kind: "number", header: "Avg cost", width: 7.5, value: (p) => p.avgCost, format: formatPrice },
  marketValue: {
    kind: "number",
    header: "Market value",
    width: 10.5,
    value: (p) => p.marketValue,
    format: (amount, p) => formatMoney(amount, p.currency),
    subtotalCurrency: ownCurrency,
  },
  marketValueBase: {
    kind: "number",
    header: "Market value (base)",
    width: 10.5,
    value: (p) => p.marketValueBase,
    format: (amount, p, context) => formatMoney(amount, baseCurrency(p, context)),
    subtotalCurrency: baseCurrency,
  },
  shareOfNetLiq: { kind: "number", header: "% of net liq", width: 6, value: (p) => p.shareOfNetLiq, format: formatPercent },
  dailyPnL: pnl((p) => p.dailyPnL, "Daily P&L"),
  unrealizedPnL: pnl((p) => p.unrealizedPnL, "Unrealized P&L"),
  realizedPnL: pnl((p) => p.realizedPnL, "Realized P&L"),
} satisfies Record<string, PositionColumn>;

export type PositionColumnId = keyof typeof POSITION_COLUMNS;

export const POSITION_COLUMN_IDS = Object.keys(POSITION_COLUMNS) as PositionColumnId[];

export function positionColumn(id: PositionColumnId): PositionColumn {
  return POSITION_COLUMNS[id];
}

/** What a column sorts by; null (nothing to show) sorts last either way. */
export function sortValue(column: PositionColumn, position: Position, context: RowContext): string | number | null {
  if (column.kind === "number") return column.value(position);
  return column.sortKey ? column.sortKey(position) : column.text(position, context) || null;
}

/** Numbers right, text left. */
export function alignOf(column: PositionColumn): "start" | "end" {
  return column.kind === "number" || column.align === "end" ? "end" : "start";
}

/** `grid-template-columns` for the grid and its rows, and their total width. */
export const GRID_TEMPLATE = POSITION_COLUMN_IDS.map((id) => `${POSITION_COLUMNS[id].width}rem`).join(" ");
export const GRID_WIDTH_REM = POSITION_COLUMN_IDS.reduce((sum, id) => sum + POSITION_COLUMNS[id].width, 0);
