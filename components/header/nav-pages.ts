import { mayActOnEverything, mayAdminister, type SessionUser } from "@/components/auth/permissions";

interface NavPage {
  href: string;
  label: string;
  /** Who the link is shown to; everyone when absent. */
  shownTo?: (user: SessionUser) => boolean;
}

const PAGES: readonly NavPage[] = [
  { href: "/", label: "Overview" },
  { href: "/positions", label: "Positions" },
  { href: "/exposure", label: "Exposure" },
  { href: "/blotter", label: "Blotter" },
  { href: "/history", label: "History" },
  { href: "/alerts", label: "Alerts" },
  { href: "/audit", label: "Audit", shownTo: mayActOnEverything },
  { href: "/admin", label: "Admin", shownTo: mayAdminister },
];

/** The pages this user may open (the server refuses the others' data regardless). */
export function navPages(user: SessionUser): readonly NavPage[] {
  return PAGES.filter(({ shownTo }) => !shownTo || shownTo(user));
}
