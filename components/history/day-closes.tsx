"use client";

import type { HistoryRange } from "@/lib/history";
import { formatMoney, formatPnL } from "@/lib/format";
import { accountLabel, type ScopeId } from "@/lib/scope";
import { useFaConfig } from "@/components/stream/hooks";
import { useDayCloses } from "./use-stored-history";
import headings from "@/components/layout/headings.module.css";
import emptyState from "@/components/layout/empty-state.module.css";
import styles from "@/components/layout/data-table.module.css";

const NA = "n/a";

/** One line per account and day: net liquidation, daily P&L and maintenance margin at the close. */
export function DayCloses({ scope, range }: { scope: ScopeId; range: HistoryRange }) {
  const { aliases } = useFaConfig();
  const { data, error } = useDayCloses(scope, range);
  return (
    <section className={headings.section} data-testid="day-closes" aria-labelledby="closes-heading">
      <h2 id="closes-heading" className={headings.sectionHeading}>
        End of day <span className={headings.note}>last stored figures of each day, by account</span>
      </h2>
      {error ? (
        <p className={emptyState.empty} role="alert">
          Closes could not be read: {error.message}
        </p>
      ) : !data ? null : data.closes.length === 0 ? (
        <p className={emptyState.empty}>No closed day stored in this range yet.</p>
      ) : (
        <div className={styles.scroller}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Account</th>
                <th scope="col" className={styles.number}>Net liquidation</th>
                <th scope="col" className={styles.number}>Daily P&amp;L</th>
                <th scope="col" className={styles.number}>Maintenance margin</th>
              </tr>
            </thead>
            <tbody>
              {data.closes.map((close) => (
                <tr key={`${close.day} ${close.account}`} data-account={close.account} data-day={close.day}>
                  <td>{close.day}</td>
                  <td>{accountLabel(close.account, aliases)}</td>
                  <td className={styles.number}>{close.netLiquidation === null ? NA : formatMoney(close.netLiquidation, close.currency)}</td>
                  <td className={styles.number}>{close.dailyPnL === null ? NA : formatPnL(close.dailyPnL, close.currency)}</td>
                  <td className={styles.number}>{close.maintMargin === null ? NA : formatMoney(close.maintMargin, close.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
