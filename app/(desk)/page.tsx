import { AlertFeed } from "@/components/alerts/alert-feed";
import { AccountTable } from "@/components/overview/account-table";
import { IntradayChart } from "@/components/overview/intraday-chart";
import { LinkStatusPanel } from "@/components/overview/link-status-panel";
import { ScopeTotals } from "@/components/overview/scope-totals";
import styles from "./page.module.css";

export default function OverviewPage() {
  return (
    <main className={styles.page}>
      <h1 className="visually-hidden">Overview</h1>
      <LinkStatusPanel />
      <ScopeTotals />
      <AccountTable />
      <IntradayChart />
      <AlertFeed />
    </main>
  );
}
