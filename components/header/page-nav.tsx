"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useScope, useScopeHref } from "@/components/scope/use-scope";
import styles from "./page-nav.module.css";

const PAGES = [
  { href: "/", label: "Overview" },
  { href: "/positions", label: "Positions" },
  { href: "/exposure", label: "Exposure" },
  { href: "/blotter", label: "Blotter" },
  { href: "/history", label: "History" },
] as const;

/** The pages, each link keeping the selected scope. */
export function PageNav() {
  const pathname = usePathname();
  const scope = useScope();
  const scopeHref = useScopeHref();
  return (
    <nav aria-label="Pages">
      <ul className={styles.links}>
        {PAGES.map(({ href, label }) => (
          <li key={href}>
            <Link href={scopeHref(scope, href)} className={styles.link} aria-current={pathname === href ? "page" : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
