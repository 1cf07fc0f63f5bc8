"use client";

import type { SortingState } from "@tanstack/react-table";
import { useCallback, useDeferredValue, useId, useMemo, useState } from "react";
import type { Position } from "@/lib/positions";
import { parseScope, scopeLabel } from "@/lib/scope";
import { useScope } from "@/components/scope/use-scope";
import { useAccountCurrencies, useFaConfig, usePositionKeys, usePositions, useView } from "@/components/stream/hooks";
import { useRequestPositions } from "@/components/stream/view-context";
import { GROUP_BY, type GroupBy } from "./grid-layout";
import type { RowContext } from "./position-columns";
import { PositionsGrid } from "./positions-grid";
import { usePositionsTable } from "./positions-table";
import { useGridLayout } from "./use-grid-layout";
import controls from "@/components/controls/labelled-control.module.css";
import headings from "@/components/layout/headings.module.css";
import styles from "./positions-grid.module.css";

const GROUP_BY_LABELS: Record<GroupBy, string> = { none: "None", account: "Account", underlying: "Underlying" };
const NO_POSITIONS: ReadonlyMap<string, Position> = new Map();
const NO_KEYS: readonly string[] = [];

/** Every position in the selected scope, live, with a filter, grouping and sorting. */
export function PositionsView() {
  useRequestPositions();
  const scope = useScope();
  const view = useView();
  const fa = useFaConfig();
  const currencies = useAccountCurrencies();
  // Until the server answers for this scope, what it sent is another view's.
  const current = view?.positions === true && view.scope === scope;
  const allPositions = usePositions();
  const allKeys = usePositionKeys();
  const positions = current ? allPositions : NO_POSITIONS;
  const positionKeys = current ? allKeys : NO_KEYS;

  const [filter, setFilter] = useState("");
  const [groupBy, setGroupBy] = useState<GroupBy>("none");
  const [sorting, setSorting] = useState<SortingState>([]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // Typing stays responsive while a large book is refiltered behind it.
  const deferredFilter = useDeferredValue(filter);
  const query = useMemo(() => ({ filter: deferredFilter, sorting, groupBy, collapsed }), [deferredFilter, sorting, groupBy, collapsed]);
  const context: RowContext = useMemo(() => ({ aliases: fa.aliases, currencies }), [fa.aliases, currencies]);
  const layout = useGridLayout(positions, positionKeys, query, context);
  const table = usePositionsTable(sorting, setSorting);
  const toggleGroup = useCallback(
    (key: string) =>
      setCollapsed((previous) => {
        const next = new Set(previous);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const filterId = useId();
  const groupById = useId();

  return (
    <section className={styles.section} aria-labelledby="positions-heading">
      <div className={styles.toolbar}>
        <h1 id="positions-heading" className={headings.pageTitle}>
          Positions <span className={headings.note}>{scopeLabel(parseScope(scope), fa.aliases)}</span>
        </h1>
        <label htmlFor={filterId} className={`${controls.labelled} ${styles.filter}`}>
          Filter
          <input
            id={filterId}
            type="search"
            data-testid="positions-filter"
            placeholder="Symbol, account, alias, underlying"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
        <label htmlFor={groupById} className={controls.labelled}>
          Group by
          <select id={groupById} data-testid="positions-group-by" value={groupBy} onChange={(event) => setGroupBy(GROUP_BY.find((value) => value === event.target.value) ?? "none")}>
            {GROUP_BY.map((value) => (
              <option key={value} value={value}>
                {GROUP_BY_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <p className={styles.status} role="status">
          {current ? `${layout.matched.toLocaleString("en-US")} of ${positions.size.toLocaleString("en-US")} positions` : "Loading positions\u2026"}
        </p>
      </div>
      <PositionsGrid table={table} layout={layout} positions={positions} context={context} onToggleGroup={toggleGroup} />
    </section>
  );
}
