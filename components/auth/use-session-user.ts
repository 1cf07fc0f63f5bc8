"use client";

import { useQuery } from "@tanstack/react-query";
import type { Role, SessionInfo } from "@/lib/auth";
import { fetchSession, SESSION_QUERY_KEY } from "./session-api";

/** Who is logged in; null until known or without a session. */
export function useSessionUser(): SessionInfo["user"] {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession }).data?.user ?? null;
}

const MAY_CANCEL: ReadonlySet<Role> = new Set(["riskManager", "admin"]);

/** Whether the page offers the cancel controls; the server checks the role again on every cancel. */
export function useMayCancelOrders(): boolean {
  const user = useSessionUser();
  return user !== null && MAY_CANCEL.has(user.role);
}
