// What the page offers a user. The server checks again on every request; these only keep the
// page from offering what the server would refuse.
import type { Role, SessionInfo } from "@/lib/auth";

/** The logged-in user as the session describes it, or null. */
export type SessionUser = SessionInfo["user"];

const DESK_ROLES: ReadonlySet<Role> = new Set(["riskManager", "admin"]);

/** The desk's controls (scoped cancels, acknowledgements): risk managers and admins. */
export const mayAct = (user: SessionUser): boolean => user !== null && DESK_ROLES.has(user.role);

/**
 * What covers every account (the cancel of all orders, the audit log, whose records name every
 * account's orders): risk managers and admins not limited by grants.
 */
export const mayActOnEverything = (user: SessionUser): boolean => mayAct(user) && !user!.limited;

/** Only admins. */
export const mayAdminister = (user: SessionUser): boolean => user?.role === "admin";
