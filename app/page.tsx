import { AccountTable } from "@/components/overview/account-table";
import { FirmTotals } from "@/components/overview/firm-totals";
import { IntradayChart } from "@/components/overview/intraday-chart";
import { LinkStatusPanel } from "@/components/overview/link-status-panel";
import styles from "./page.module.css";

export default function OverviewPage() {
  return (
    <main className={styles.overview}>
      <h1 className="visually-hidden">Overview</h1>
      <LinkStatusPanel />
      <FirmTotals />
      <AccountTable />
      <IntradayChart />
    </main>
  );
}
