"use client";

import { memo, useMemo } from "react";
import type { Position } from "@/lib/positions";
import { formatMoney, formatPnL } from "@/lib/format";
import { LiveFigure } from "@/components/figures/live-figure";
import type { LayoutRow } from "./grid-layout";
import { POSITION_COLUMN_IDS, positionColumn, type RowContext } from "./position-columns";
import { isSubtotalColumn, subtotalsOf, type Subtotal } from "./subtotal";
import styles from "./positions-grid.module.css";

type GroupLayoutRow = Extract<LayoutRow, { kind: "group" }>;

interface GroupRowProps {
  group: GroupLayoutRow;
  positions: ReadonlyMap<string, Position>;
  context: RowContext;
  onToggle: (key: string) => void;
  index: number;
  start: number;
  measure: (element: HTMLElement | null) => void;
}

/** Everything left of the first totalled column is the group's label. */
const LABEL_SPAN = POSITION_COLUMN_IDS.findIndex(isSubtotalColumn);

/** A group's header row: fold toggle, label, member count, and live subtotals of its money columns. */
export const GroupRow = memo(function GroupRow({ group, positions, context, onToggle, index, start, measure }: GroupRowProps) {
  const subtotals = useMemo(() => subtotalsOf(group.memberKeys, positions, context), [group.memberKeys, positions, context]);
  const count = group.memberKeys.length;
  return (
    <div
      ref={measure}
      role="row"
      className={`${styles.row} ${styles.groupRow}`}
      data-testid="position-group"
      data-key={group.key}
      data-index={index}
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="rowheader" className={styles.groupLabel} style={{ gridColumn: `1 / span ${LABEL_SPAN}` }}>
        <button type="button" className={styles.toggle} aria-expanded={group.expanded} onClick={() => onToggle(group.key)}>
          <span aria-hidden="true">{group.expanded ? "\u25be" : "\u25b8"}</span> {group.label}
        </button>
        <span className={styles.groupCount}>
          {count} position{count === 1 ? "" : "s"}
        </span>
      </div>
      {POSITION_COLUMN_IDS.slice(LABEL_SPAN).map((id) => {
        const column = positionColumn(id);
        const subtotal = subtotals[id];
        if (!subtotal) return <div key={id} role="cell" data-col={id} />;
        return <SubtotalCell key={id} id={id} subtotal={subtotal} signed={column.kind === "number" && column.signed === true} />;
      })}
    </div>
  );
});

function SubtotalCell({ id, subtotal, signed }: { id: string; subtotal: Subtotal; signed: boolean }) {
  if (subtotal.kind === "mixed") {
    return (
      <div role="cell" data-col={id} className={styles.mixed} title={`Not added up: amounts in ${subtotal.currencies.join(", ")}`}>
        mixed currencies
      </div>
    );
  }
  const { total, currency } = subtotal;
  return (
    <LiveFigure
      as="div"
      role="cell"
      data-col={id}
      value={total}
      format={(value) => (signed ? formatPnL(value, currency) : formatMoney(value, currency))}
      signed={signed}
      ownAge={false}
    />
  );
}
