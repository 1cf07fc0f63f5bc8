import type { Metadata } from "next";
import { AlertFeed } from "@/components/alerts/alert-feed";
import { AlertHistory } from "@/components/alerts/alert-history";
import { AlertRules } from "@/components/alerts/alert-rules";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Alerts \u2014 RiskDesk" };

export default function AlertsPage() {
  return (
    <main className={styles.page}>
      <h1 className="visually-hidden">Alerts</h1>
      <AlertFeed title="Active alerts" />
      <AlertHistory />
      <AlertRules />
    </main>
  );
}
