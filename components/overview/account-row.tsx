"use client";

import { memo } from "react";
import { FigureValue } from "@/components/figures/figure-value";
import { useAccount } from "@/components/stream/hooks";
import { ACCOUNT_COLUMNS } from "./account-columns";
import styles from "./account-table.module.css";

/** One account; re-renders only when that account's entry in the cache (or its alias) changes. */
export const AccountRow = memo(function AccountRow({ accountId, alias }: { accountId: string; alias: string | null }) {
  const account = useAccount(accountId);
  return (
    <tr data-testid="account-row" data-account={accountId}>
      <th scope="row" className={styles.accountId}>
        {alias && <span className={styles.alias} title={alias}>{alias}</span>}
        {alias ? `(${accountId})` : accountId}
      </th>
      {ACCOUNT_COLUMNS.map((key) => (
        <FigureValue key={key} as="td" figureKey={key} figure={account?.figures[key]} currency={account?.currency ?? null} />
      ))}
    </tr>
  );
});
