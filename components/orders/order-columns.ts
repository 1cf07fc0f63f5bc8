import { formatAge, formatPrice, formatQuantity } from "@/lib/format";
import type { WorkingOrder } from "@/lib/orders";
import { accountLabel } from "@/lib/scope";

/** What a row knows beyond its order: aliases, and now on the server's clock for the status age. */
export interface OrderRowContext {
  aliases: Readonly<Record<string, string>>;
  serverNow: number;
}

export interface OrderColumn {
  header: string;
  /** Width in rem: fixed, so rows never shift as values change. */
  width: number;
  text: (order: WorkingOrder, context: OrderRowContext) => string;
  /** What it sorts by. */
  sortValue: (order: WorkingOrder) => string | number | null;
  align?: "end";
}

const price = (value: number | null) => (value === null ? "" : formatPrice(value));

/** The blotter's columns, in order; the ids are the cells' `data-col` hooks. */
export const ORDER_COLUMNS = {
  account: {
    header: "Account",
    width: 11,
    text: (o, { aliases }) => (o.account ? accountLabel(o.account, aliases) : `Group ${o.faGroup ?? ""}`),
    sortValue: (o) => o.account,
  },
  symbol: { header: "Symbol", width: 6.5, text: (o) => o.symbol, sortValue: (o) => o.symbol },
  side: { header: "Side", width: 3.5, text: (o) => o.side, sortValue: (o) => o.side },
  quantity: { header: "Qty", width: 4.5, text: (o) => formatQuantity(o.quantity), sortValue: (o) => o.quantity, align: "end" },
  filled: { header: "Filled", width: 4.5, text: (o) => formatQuantity(o.filled), sortValue: (o) => o.filled, align: "end" },
  type: { header: "Type", width: 6, text: (o) => o.type, sortValue: (o) => o.type },
  limitPrice: { header: "Limit", width: 6, text: (o) => price(o.limitPrice), sortValue: (o) => o.limitPrice, align: "end" },
  stopPrice: { header: "Stop / aux", width: 6, text: (o) => price(o.stopPrice), sortValue: (o) => o.stopPrice, align: "end" },
  tif: { header: "TIF", width: 3.5, text: (o) => o.tif, sortValue: (o) => o.tif },
  status: { header: "Status", width: 7, text: (o) => o.status, sortValue: (o) => o.status },
  clientId: { header: "Client", width: 3.5, text: (o) => String(o.clientId), sortValue: (o) => o.clientId, align: "end" },
  orderId: { header: "Order id", width: 4.5, text: (o) => (o.orderId === 0 ? "" : String(o.orderId)), sortValue: (o) => o.orderId, align: "end" },
  orderRef: { header: "Order ref", width: 6.5, text: (o) => o.orderRef, sortValue: (o) => o.orderRef },
  age: {
    header: "Status age",
    width: 5,
    text: (o, { serverNow }) => (serverNow ? formatAge(serverNow - o.changedAt) : ""),
    // Oldest status first when sorted descending by age: sort by the time it changed.
    sortValue: (o) => -o.changedAt,
    align: "end",
  },
} satisfies Record<string, OrderColumn>;

export type OrderColumnId = keyof typeof ORDER_COLUMNS;
export const ORDER_COLUMN_IDS = Object.keys(ORDER_COLUMNS) as OrderColumnId[];
export const orderColumn = (id: OrderColumnId): OrderColumn => ORDER_COLUMNS[id];

export const ORDER_GRID_TEMPLATE = ORDER_COLUMN_IDS.map((id) => `${ORDER_COLUMNS[id].width}rem`).join(" ");
export const ORDER_GRID_WIDTH_REM = ORDER_COLUMN_IDS.reduce((sum, id) => sum + ORDER_COLUMNS[id].width, 0);
