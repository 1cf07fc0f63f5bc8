"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExposureBucket } from "@/lib/exposure";
import { formatMoney, formatPercent } from "@/lib/format";
import chartTheme from "@/components/charts/recharts-theme.module.css";
import styles from "./exposure.module.css";

interface ExposureBarChartProps {
  buckets: readonly ExposureBucket[];
  currency: string | null;
}

/** Rem per bar, so every bucket's name stays readable whatever the count. */
const BAR_HEIGHT_REM = 1.8;

/** Gross exposure per bucket, largest first; a concentration is coloured and labelled with a warning sign. */
export function ExposureBarChart({ buckets, currency }: ExposureBarChartProps) {
  const data = buckets.map((bucket) => ({ ...bucket, label: shareLabel(bucket) }));
  return (
    <div className={`${chartTheme.themed} ${styles.plot}`} style={{ blockSize: `${Math.max(buckets.length, 2) * BAR_HEIGHT_REM + 2}rem` }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} />
          <XAxis type="number" tickFormatter={(value: number) => formatMoney(value, null)} />
          <YAxis type="category" dataKey="key" width="auto" interval={0} />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? formatMoney(value, currency) : value)}
            contentStyle={{ background: "var(--surface-2)", border: "1px solid var(--border)", color: "var(--text)" }}
            cursor={{ fill: "var(--surface-2)" }}
          />
          <Bar dataKey="gross" name="Gross" isAnimationActive={false}>
            {data.map((bucket) => (
              <Cell key={bucket.key} className={bucket.concentrated ? styles.concentratedBar : styles.bar} />
            ))}
            <LabelList dataKey="label" position="right" className={styles.barLabel} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The bucket's share of net liquidation, behind a warning sign when it is a concentration. */
function shareLabel({ shareOfNetLiq, concentrated }: ExposureBucket): string {
  if (shareOfNetLiq === null) return "";
  return `${concentrated ? "\u26a0 " : ""}${formatPercent(shareOfNetLiq)}`;
}
