import type { Metadata } from "next";
import { BlotterView } from "@/components/orders/blotter-view";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Blotter \u2014 RiskDesk" };

export default function BlotterPage() {
  return (
    <main className={styles.page}>
      <BlotterView />
    </main>
  );
}
