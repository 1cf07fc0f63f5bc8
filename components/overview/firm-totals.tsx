"use client";

import type { FigureKey } from "@/lib/figures";
import { FIGURE_LABELS } from "@/components/figures/figure-labels";
import { FigureValue } from "@/components/figures/figure-value";
import { useFirm } from "@/components/stream/hooks";
import styles from "./firm-totals.module.css";

const FIRM_FIGURES: readonly FigureKey[] = [
  "netLiquidation",
  "maintMargin",
  "excessLiquidity",
  "cushion",
  "marginUtilisation",
  "dailyPnL",
  "unrealizedPnL",
  "realizedPnL",
];

/** The firm-wide totals strip; a placeholder stands in for any total not complete yet. */
export function FirmTotals() {
  const firm = useFirm();
  const currency = firm?.currency ?? null;
  return (
    <section className={styles.strip} data-testid="firm-totals" aria-labelledby="firm-heading">
      <h2 id="firm-heading" className={styles.heading}>
        Firm totals
        <span className={styles.scope}>{firm ? describeScope(firm.accountCount, currency, firm.excludedAccounts) : ""}</span>
      </h2>
      <dl className={styles.figures}>
        {FIRM_FIGURES.map((key) => (
          <div key={key} className={styles.item}>
            <dt className={styles.label}>{FIGURE_LABELS[key]}</dt>
            <FigureValue as="dd" figureKey={key} figure={firm?.figures[key]} currency={currency} />
          </div>
        ))}
      </dl>
    </section>
  );
}

function describeScope(accountCount: number, currency: string | null, excluded: readonly string[]): string {
  const accounts = `${accountCount} account${accountCount === 1 ? "" : "s"}${currency ? ` in ${currency}` : ""}`;
  return excluded.length ? `${accounts}; not included (other currency): ${excluded.join(", ")}` : accounts;
}
