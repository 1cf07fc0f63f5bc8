"use client";

import { FIGURE_LABELS } from "@/components/figures/figure-labels";
import { useAccountIds } from "@/components/stream/hooks";
import { ACCOUNT_COLUMNS } from "./account-columns";
import { AccountRow } from "./account-row";
import styles from "./account-table.module.css";

/** Every followed account, one row each, in a stable order (by account id). */
export function AccountTable() {
  const accountIds = useAccountIds();
  return (
    <section className={styles.section} aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" className={styles.heading}>
        Accounts <span className={styles.count}>{accountIds.length}</span>
      </h2>
      <div className={styles.scroller}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col" className={styles.accountId}>
                Account
              </th>
              {ACCOUNT_COLUMNS.map((key) => (
                <th key={key} scope="col" className={styles.figureHeading}>
                  {FIGURE_LABELS[key]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {accountIds.map((id) => (
              <AccountRow key={id} accountId={id} />
            ))}
            {accountIds.length === 0 && (
              <tr>
                <td colSpan={ACCOUNT_COLUMNS.length + 1} className={styles.empty}>
                  No accounts reported yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
