import Link from "next/link";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { LinkPill } from "./link-pill";
import styles from "./site-header.module.css";

export function SiteHeader() {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        RiskDesk
      </Link>
      <LinkPill />
      <div className={styles.end}>
        <ThemeToggle />
      </div>
    </header>
  );
}
