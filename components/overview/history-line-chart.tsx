"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StoredFigures } from "@/lib/history";
import { formatClockTime, formatDayAndTime, formatMoney } from "@/lib/format";
import chartTheme from "@/components/charts/recharts-theme.module.css";
import styles from "./intraday-chart.module.css";

/** A money figure a chart can draw: live points carry the first two, stored ones all. */
type Metric = "netLiquidation" | "dailyPnL" | "maintMargin" | "excessLiquidity";
export type ChartPoint = Pick<StoredFigures, "at"> & Partial<Pick<StoredFigures, Metric>>;

interface HistoryLineChartProps {
  title: string;
  points: readonly ChartPoint[];
  metric: Metric;
  format: (value: number) => string;
  /** Which line colour, from the theme. */
  tone: "nlv" | "pnl";
  zeroLine?: boolean;
}

/** Spans longer than this label the time axis in minutes; shorter ones need the seconds. */
const MINUTE_TICKS_FROM_MS = 15 * 60_000;
/** Spans longer than this label the time axis with the day too. */
const DAY_TICKS_FROM_MS = 20 * 3_600_000;

/** One metric of one series over time; the line takes its colour from the theme via currentColor. */
export function HistoryLineChart({ title, points, metric, format, tone, zeroLine = false }: HistoryLineChartProps) {
  const span = (points.at(-1)?.at ?? 0) - (points[0]?.at ?? 0);
  const minutesOnly = span >= MINUTE_TICKS_FROM_MS;
  const tick = (at: number) => (span >= DAY_TICKS_FROM_MS ? formatDayAndTime(at) : formatClockTime(at, { minutesOnly }));
  return (
    <figure className={styles.chart} data-tone={tone}>
      <figcaption className={styles.caption}>{title}</figcaption>
      <div className={`${chartTheme.themed} ${styles.plot}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={tick}
              minTickGap={48}
            />
            <YAxis width="auto" tickFormatter={(value: number) => formatMoney(value, null)} domain={["auto", "auto"]} />
            {zeroLine && <ReferenceLine y={0} />}
            <Tooltip
              formatter={(value) => (typeof value === "number" ? format(value) : value)}
              labelFormatter={(at) => (typeof at === "number" ? tick(at) : at)}
              contentStyle={{ background: "var(--surface-2)", border: "1px solid var(--border)", color: "var(--text)" }}
            />
            <Line dataKey={metric} name={title} stroke="currentColor" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
