"use client";

import { useState } from "react";
import type { ExposureBucket } from "@/lib/exposure";
import { formatMoney, formatPercent } from "@/lib/format";
import { LiveFigure } from "@/components/figures/live-figure";
import { ExposureBarChart } from "./exposure-bar-chart";
import styles from "./exposure.module.css";
import emptyState from "@/components/layout/empty-state.module.css";

interface ExposureBreakdownProps {
  title: string;
  /** What a bucket is: Underlying, Security type, Currency. */
  bucketLabel: string;
  /** The test hook of the section: `exposure-underlying`, `exposure-sectype`, `exposure-currency`. */
  testId: string;
  /** Largest gross first. */
  buckets: readonly ExposureBucket[];
  currency: string | null;
  at: number;
  /** Show the largest this many until asked for all. */
  top?: number;
  /** The share of net liquidation above which a bucket of this breakdown is a concentration; none for security types. */
  concentrationThreshold?: number;
}

const MONEY_COLUMNS = [
  { key: "long", label: "Long" },
  { key: "short", label: "Short" },
  { key: "net", label: "Net" },
  { key: "gross", label: "Gross" },
] as const;

/** One breakdown of the exposure: a bar chart, and the same numbers in a table beneath it. */
export function ExposureBreakdown({ title, bucketLabel, testId, buckets, currency, at, top = Infinity, concentrationThreshold }: ExposureBreakdownProps) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? buckets : buckets.slice(0, top);
  const concentrations = buckets.filter((bucket) => bucket.concentrated).length;
  const headingId = `${testId}-heading`;
  return (
    <section className={styles.breakdown} data-testid={testId} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {title}
        {concentrations > 0 && concentrationThreshold !== undefined && (
          <span className={styles.warning}>
            <span aria-hidden="true">{"\u26a0"}</span> {concentrations} above {formatPercent(concentrationThreshold)} of net liquidation
          </span>
        )}
      </h2>
      {buckets.length === 0 ? (
        <p className={emptyState.empty}>No priced positions.</p>
      ) : (
        <>
          <ExposureBarChart buckets={shown} currency={currency} />
          <div className={styles.tableScroller}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">{bucketLabel}</th>
                  {MONEY_COLUMNS.map(({ key, label }) => (
                    <th key={key} scope="col" className={styles.number}>
                      {label}
                    </th>
                  ))}
                  <th scope="col" className={styles.number}>
                    % of net liq
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((bucket) => (
                  <BucketRow key={bucket.key} bucket={bucket} currency={currency} at={at} />
                ))}
              </tbody>
            </table>
          </div>
          {buckets.length > shown.length && (
            <button type="button" className={styles.more} onClick={() => setShowAll(true)}>
              Show all {buckets.length}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function BucketRow({ bucket, currency, at }: { bucket: ExposureBucket; currency: string | null; at: number }) {
  const { concentrated } = bucket;
  return (
    <tr data-bucket={bucket.key} data-concentrated={concentrated || undefined} className={concentrated ? styles.concentrated : undefined}>
      <th scope="row">
        {bucket.key}
        {concentrated && (
          <span className={styles.flag}>
            <span aria-hidden="true">{"\u26a0"}</span> Concentrated
          </span>
        )}
      </th>
      {MONEY_COLUMNS.map(({ key }) => (
        <LiveFigure key={key} as="td" data-col={key} value={bucket[key]} format={(value) => formatMoney(value, currency)} changedAt={at} ownAge={false} />
      ))}
      <LiveFigure as="td" data-col="shareOfNetLiq" value={bucket.shareOfNetLiq} format={formatPercent} changedAt={at} ownAge={false} />
    </tr>
  );
}
