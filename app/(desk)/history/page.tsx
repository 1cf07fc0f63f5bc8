import type { Metadata } from "next";
import { HistoryView } from "@/components/history/history-view";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "History \u2014 RiskDesk" };

export default function HistoryPage() {
  return (
    <main className={styles.page}>
      <HistoryView />
    </main>
  );
}
