"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchSession, SESSION_QUERY_KEY } from "@/components/auth/session-api";
import type { SessionInfo } from "@/lib/auth";

/** Who is logged in (null until known), and the session's CSRF token. */
export function useSession(): { user: SessionInfo["user"]; csrfToken: string | null } {
  const session = useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession });
  return { user: session.data?.user ?? null, csrfToken: session.data?.csrfToken ?? null };
}

/** Risk managers and admins act on alerts; the server checks it again on every request. */
export function useMayAcknowledge(): boolean {
  const role = useSession().user?.role;
  return role === "riskManager" || role === "admin";
}
