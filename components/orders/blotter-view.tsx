"use client";

import { getCoreRowModel, getSortedRowModel, useReactTable, type ColumnDef, type SortingState, type Table } from "@tanstack/react-table";
import { memo, useId, useMemo, useState } from "react";
import type { WorkingOrder } from "@/lib/orders";
import { accountLabel } from "@/lib/scope";
import { formatClockTime } from "@/lib/format";
import { useFaConfig, useOrders, useOrdersNote, useView } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { useServerNow } from "@/components/stream/use-server-now";
import { useRequestOrders } from "@/components/stream/view-context";
import { ORDER_COLUMN_IDS, ORDER_GRID_TEMPLATE, ORDER_GRID_WIDTH_REM, orderColumn, type OrderRowContext } from "./order-columns";
import { cancelScopeOf, filterOrders, NO_FILTER, type OrderFilter } from "./order-filter";
import { ScopedCancel } from "./scoped-cancel";
import { SortableGridHeader, type HeaderColumn } from "@/components/layout/sortable-grid-header";
import controls from "@/components/controls/labelled-control.module.css";
import headings from "@/components/layout/headings.module.css";
import empty from "@/components/layout/empty-state.module.css";
import styles from "./orders.module.css";

const ANY = "";

const COLUMNS: ColumnDef<WorkingOrder>[] = ORDER_COLUMN_IDS.map((id) => {
  const column = orderColumn(id);
  return { id, header: column.header, accessorFn: column.sortValue, sortUndefined: "last" };
});

const HEADER_COLUMNS: HeaderColumn[] = ORDER_COLUMN_IDS.map((id) => ({ id, header: orderColumn(id).header, align: orderColumn(id).align }));

/** Every working order of every client id and account the user may see, live, with filters and a scoped cancel. */
export function BlotterView() {
  useRequestOrders();
  const view = useView();
  const orders = useOrders();
  const note = useOrdersNote();
  const fa = useFaConfig();
  const [filter, setFilter] = useState<OrderFilter>(NO_FILTER);
  const [sorting, setSorting] = useState<SortingState>([]);
  const loaded = view?.orders === true;

  const all = useMemo(() => [...orders.values()], [orders]);
  const shown = useMemo(() => filterOrders(all, filter, fa.groups), [all, filter, fa.groups]);
  const accounts = useMemo(() => [...new Set(all.map((order) => order.account).filter(Boolean))].sort(), [all]);
  const clientIds = useMemo(() => [...new Set(all.map((order) => order.clientId))].sort((a, b) => a - b), [all]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table is read afresh on every render, by components that are not memoised
  const table = useReactTable({
    data: shown,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (order) => order.key,
  });
  const scoped = cancelScopeOf(filter);
  const ids = { account: useId(), group: useId(), symbol: useId(), client: useId() };

  return (
    <section className={styles.section} aria-labelledby="blotter-heading">
      <div className={styles.toolbar}>
        <h1 id="blotter-heading" className={headings.pageTitle}>
          Working orders
        </h1>
        <label htmlFor={ids.account} className={controls.labelled}>
          Account
          <select id={ids.account} data-testid="blotter-account" value={filter.account ?? ANY} onChange={(event) => setFilter({ ...filter, account: event.target.value || null })}>
            <option value={ANY}>All</option>
            {accounts.map((id) => (
              <option key={id} value={id}>
                {accountLabel(id, fa.aliases)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.group} className={controls.labelled}>
          Group
          <select id={ids.group} data-testid="blotter-group" value={filter.group ?? ANY} onChange={(event) => setFilter({ ...filter, group: event.target.value || null })}>
            <option value={ANY}>All</option>
            {fa.groups.map((group) => (
              <option key={group.name} value={group.name}>
                {group.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.symbol} className={controls.labelled}>
          Symbol
          <input id={ids.symbol} type="search" data-testid="blotter-symbol" value={filter.symbol} onChange={(event) => setFilter({ ...filter, symbol: event.target.value })} />
        </label>
        <label htmlFor={ids.client} className={controls.labelled}>
          Client id
          <select
            id={ids.client}
            data-testid="blotter-client"
            value={filter.clientId === null ? ANY : String(filter.clientId)}
            onChange={(event) => setFilter({ ...filter, clientId: event.target.value === ANY ? null : Number(event.target.value) })}
          >
            <option value={ANY}>All</option>
            {clientIds.map((id) => (
              <option key={id} value={id}>
                {id === 0 ? "0 (TWS)" : id}
              </option>
            ))}
          </select>
        </label>
        {scoped && <ScopedCancel scope={scoped} testId="blotter-scoped-cancel" />}
        <p className={styles.status} role="status" data-testid="blotter-count">
          {loaded ? `${shown.length} of ${all.length} working orders` : "Loading orders\u2026"}
        </p>
      </div>
      {note && (
        <p className={headings.note} data-testid="blotter-reconciliation">
          After the reconnect at {formatClockTime(note.at)}: {note.appeared} order(s) appeared, {note.ended} ended and {note.changed} changed while the link was down.
        </p>
      )}
      {loaded && all.length === 0 ? (
        <p className={empty.empty} data-testid="blotter-empty">
          No working orders.
        </p>
      ) : (
        <OrdersGrid table={table} count={shown.length} />
      )}
    </section>
  );
}

function OrdersGrid({ table, count }: { table: Table<WorkingOrder>; count: number }) {
  const fa = useFaConfig();
  const serverNow = useServerNow();
  const stale = useLinkHealth().state !== "live";
  const context: OrderRowContext = { aliases: fa.aliases, serverNow };
  return (
    <div
      className={styles.grid}
      role="table"
      aria-label="Working orders"
      aria-rowcount={count + 1}
      data-testid="blotter-grid"
      data-row-count={count}
      data-stale={stale || undefined}
      style={{ "--grid-template": ORDER_GRID_TEMPLATE, "--grid-width": `${ORDER_GRID_WIDTH_REM}rem` } as React.CSSProperties}
    >
      <SortableGridHeader table={table} columns={HEADER_COLUMNS} classes={styles} />
      <div role="rowgroup" className={styles.body}>
        {table.getRowModel().rows.map((row, index) => (
          <OrderRow key={row.id} order={row.original} context={context} index={index} />
        ))}
      </div>
    </div>
  );
}

/** One working order; re-renders when its order object changes or the clock ticks its age. */
const OrderRow = memo(function OrderRow({ order, context, index }: { order: WorkingOrder; context: OrderRowContext; index: number }) {
  return (
    <div role="row" className={styles.row} data-testid="order-row" data-key={order.key} aria-rowindex={index + 2}>
      {ORDER_COLUMN_IDS.map((id) => {
        const column = orderColumn(id);
        return (
          <div key={id} role="cell" data-col={id} data-align={column.align}>
            {column.text(order, context)}
          </div>
        );
      })}
    </div>
  );
});
