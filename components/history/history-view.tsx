"use client";

import { useId, useMemo, useState } from "react";
import { HISTORY_RANGES, historyRangeSchema, type HistoryRange } from "@/lib/history";
import { formatMoney, formatPnL } from "@/lib/format";
import { parseScope, scopeLabel, scopeOwnSeries, type ScopeId } from "@/lib/scope";
import { HistoryLineChart } from "@/components/overview/history-line-chart";
import { useScope } from "@/components/scope/use-scope";
import { useFaConfig, useHistory } from "@/components/stream/hooks";
import { DayCloses } from "./day-closes";
import { joinStoredAndLive } from "./join-stored-and-live";
import { useStoredHistory } from "./use-stored-history";
import controls from "@/components/controls/labelled-control.module.css";
import headings from "@/components/layout/headings.module.css";
import emptyState from "@/components/layout/empty-state.module.css";
import styles from "@/components/overview/intraday-chart.module.css";

const RANGE_LABELS: Record<HistoryRange, string> = { today: "Today", "5d": "5 days", "1m": "A month" };

/**
 * How often the stored series is read again. Today's goes on live from the stream, so its store
 * is read again only to fill in what a restart of the server left out of the stream; the longer
 * ranges come from the store alone, and a point more or less in a month does not show.
 */
const TODAY_REFRESH_MS = 5 * 60_000;
const PAST_REFRESH_MS = 60_000;

/** The selected scope's stored figures over today, 5 days or a month, and its accounts' closes. */
export function HistoryView() {
  const scope = useScope();
  const { aliases } = useFaConfig();
  const [range, setRange] = useState<HistoryRange>("today");
  const { data, error, points } = useHistorySeries(scope, range);
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
        {!data ? (
          error ? (
            <p className={emptyState.empty} role="alert">
              History could not be read: {error.message}
            </p>
          ) : (
            <p className={emptyState.empty} role="status">
              {"Loading history\u2026"}
            </p>
          )
        ) : points.length === 0 ? (
          <p className={emptyState.empty}>No stored points in this range yet.</p>
        ) : (
          <div
            className={styles.charts}
            data-testid="history-charts"
            data-point-count={points.length}
            data-first-point-at={points[0]?.at}
            data-stored-through={data.points.at(-1)?.at}
            data-last-point-at={points.at(-1)?.at}
          >
            <HistoryLineChart title="Net liquidation" points={points} metric="netLiquidation" format={money} tone="nlv" />
            <HistoryLineChart title="Daily P&L" points={points} metric="dailyPnL" format={(value) => formatPnL(value, null)} tone="pnl" zeroLine />
            <HistoryLineChart title="Maintenance margin" points={points} metric="maintMargin" format={money} tone="nlv" />
            <HistoryLineChart title="Excess liquidity" points={points} metric="excessLiquidity" format={money} tone="nlv" />
          </div>
        )}
      </section>
      <DayCloses scope={scope} range={range} />
    </>
  );
}

/**
 * The points a range charts: today's stored ones continued by the scope's own live series from
 * the stream (the page is in the stream's view, so the stream carries that series); the longer
 * ranges from the store alone.
 */
function useHistorySeries(scope: ScopeId, range: HistoryRange) {
  const { data, error } = useStoredHistory(scope, range, range === "today" ? TODAY_REFRESH_MS : PAST_REFRESH_MS);
  const series = scopeOwnSeries(parseScope(scope));
  const live = useHistory(series);
  const points = useMemo(() => {
    if (!data) return [];
    if (range !== "today") return data.points;
    return joinStoredAndLive(series, data.points, live.filter((point) => point.at >= data.from));
  }, [data, range, series, live]);
  return { data, error, points };
}
