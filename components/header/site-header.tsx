import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { EmergencyCancel } from "@/components/orders/emergency-cancel";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { LinkPill } from "./link-pill";
import { PageNav } from "./page-nav";
import { ScopeSelector } from "./scope-selector";
import styles from "./site-header.module.css";

export function SiteHeader() {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        RiskDesk
      </Link>
      <LinkPill />
      <PageNav />
      <div className={styles.end}>
        <EmergencyCancel />
        <ScopeSelector />
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
