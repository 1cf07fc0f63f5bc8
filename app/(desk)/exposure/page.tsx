import type { Metadata } from "next";
import { ExposureView } from "@/components/exposure/exposure-view";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Exposure \u2014 RiskDesk" };

export default function ExposurePage() {
  return (
    <main className={styles.page}>
      <ExposureView />
    </main>
  );
}
