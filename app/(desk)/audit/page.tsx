import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Audit \u2014 RiskDesk" };

/** The audit log, for risk managers and admins: the API behind it refuses viewers. */
export default function AuditPage() {
  return (
    <main className={styles.page}>
      <AuditView />
    </main>
  );
}
