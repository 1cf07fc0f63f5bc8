"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useSessionUser } from "@/components/auth/use-session";
import { useScope, useScopeHref } from "@/components/scope/use-scope";
import { navPages } from "./nav-pages";
import styles from "./page-nav.module.css";

/** The pages the user may open, each link keeping the selected scope. */
export function PageNav() {
  const user = useSessionUser();
  const pathname = usePathname();
  const scope = useScope();
  const scopeHref = useScopeHref();
  return (
    <nav aria-label="Pages">
      <ul className={styles.links}>
        {navPages(user).map(({ href, label }) => (
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
