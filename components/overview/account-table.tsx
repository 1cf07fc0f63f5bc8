"use client";

import { FIGURE_LABELS } from "@/components/figures/figure-labels";
import { useScopeAccountIds } from "@/components/scope/use-scope-accounts";
import { useFaConfig } from "@/components/stream/hooks";
import { ACCOUNT_COLUMNS } from "./account-columns";
import { AccountRow } from "./account-row";
import headings from "@/components/layout/headings.module.css";
import styles from "./account-table.module.css";

/** The accounts in the selected scope, one row each, in a stable order (by account id). */
export function AccountTable() {
  const accountIds = useScopeAccountIds();
  const { aliases } = useFaConfig();
  return (
    <section className={headings.section} aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" className={headings.sectionHeading}>
        Accounts <span className={headings.note}>{accountIds.length}</span>
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
              <AccountRow key={id} accountId={id} alias={aliases[id] ?? null} />
            ))}
            {accountIds.length === 0 && (
              <tr>
                <td colSpan={ACCOUNT_COLUMNS.length + 1} className={styles.empty}>
                  No accounts reported in this scope yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
