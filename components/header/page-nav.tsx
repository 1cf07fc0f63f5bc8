"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/lib/auth";
import { useSession } from "@/components/auth/use-session";
import { useScope, useScopeHref } from "@/components/scope/use-scope";
import styles from "./page-nav.module.css";

const PAGES: readonly { href: string; label: string; roles?: readonly Role[] }[] = [
  { href: "/", label: "Overview" },
  { href: "/positions", label: "Positions" },
  { href: "/exposure", label: "Exposure" },
  { href: "/blotter", label: "Blotter" },
  { href: "/history", label: "History" },
  { href: "/alerts", label: "Alerts" },
  { href: "/audit", label: "Audit", roles: ["riskManager", "admin"] },
  { href: "/admin", label: "Admin", roles: ["admin"] },
];

/** The pages the user's role may open (the server refuses the others' data regardless), each link keeping the selected scope. */
export function PageNav() {
  const role = useSession().data?.user?.role;
  const pathname = usePathname();
  const scope = useScope();
  const scopeHref = useScopeHref();
  return (
    <nav aria-label="Pages">
      <ul className={styles.links}>
        {PAGES.filter(({ roles }) => !roles || (role && roles.includes(role))).map(({ href, label }) => (
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
