"use client";

import { useId, useState } from "react";
import { HISTORY_RANGES, historyRangeSchema, type HistoryRange } from "@/lib/history";
import { formatMoney, formatPnL } from "@/lib/format";
import { parseScope, scopeLabel } from "@/lib/scope";
import { HistoryLineChart } from "@/components/overview/history-line-chart";
import { useScope } from "@/components/scope/use-scope";
import { useFaConfig } from "@/components/stream/hooks";
import { DayCloses } from "./day-closes";
import { useStoredHistory } from "./use-stored-history";
import controls from "@/components/controls/labelled-control.module.css";
import headings from "@/components/layout/headings.module.css";
import emptyState from "@/components/layout/empty-state.module.css";
import styles from "@/components/overview/intraday-chart.module.css";

const RANGE_LABELS: Record<HistoryRange, string> = { today: "Today", "5d": "5 days", "1m": "A month" };

/** How often the stored series is read again: the store takes a sample every 10 s. */
const REFRESH_MS = 10_000;

/** The selected scope's stored figures over today, 5 days or a month, and its accounts' closes. */
export function HistoryView() {
  const scope = useScope();
  const { aliases } = useFaConfig();
  const [range, setRange] = useState<HistoryRange>("today");
  const { data, error } = useStoredHistory(scope, range, REFRESH_MS);
  const rangeId = useId();
  const money = (value: number) => formatMoney(value, null);

  return (
    <>
      <section className={headings.section} data-testid="history" aria-labelledby="history-heading">
        <div className={styles.bar}>
          <h1 id="history-heading" className={headings.pageTitle}>
            History <span className={headings.note}>{scopeLabel(parseScope(scope), aliases)}</span>
            {data?.currency && <span className={headings.note}>{data.currency}</span>}
          </h1>
          <label htmlFor={rangeId} className={controls.labelled}>
            Range
            <select id={rangeId} value={range} onChange={(event) => setRange(historyRangeSchema.parse(event.target.value))}>
              {HISTORY_RANGES.map((value) => (
                <option key={value} value={value}>
                  {RANGE_LABELS[value]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error ? (
          <p className={emptyState.empty} role="alert">
            History could not be read: {error.message}
          </p>
        ) : !data ? (
          <p className={emptyState.empty} role="status">
            {"Loading history\u2026"}
          </p>
        ) : data.points.length === 0 ? (
          <p className={emptyState.empty}>No stored points in this range yet.</p>
        ) : (
          <div className={styles.charts} data-testid="history-charts" data-point-count={data.points.length}>
            <HistoryLineChart title="Net liquidation" points={data.points} metric="netLiquidation" format={money} tone="nlv" />
            <HistoryLineChart title="Daily P&L" points={data.points} metric="dailyPnL" format={(value) => formatPnL(value, null)} tone="pnl" zeroLine />
            <HistoryLineChart title="Maintenance margin" points={data.points} metric="maintMargin" format={money} tone="nlv" />
            <HistoryLineChart title="Excess liquidity" points={data.points} metric="excessLiquidity" format={money} tone="nlv" />
          </div>
        )}
      </section>
      <DayCloses scope={scope} range={range} />
    </>
  );
}
