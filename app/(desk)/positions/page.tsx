import type { Metadata } from "next";
import { PositionsView } from "@/components/positions/positions-view";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Positions \u2014 RiskDesk" };

export default function PositionsPage() {
  return (
    <main className={styles.page}>
      <PositionsView />
    </main>
  );
}
