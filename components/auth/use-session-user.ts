"use client";

import { useQuery } from "@tanstack/react-query";
import type { Role, SessionInfo } from "@/lib/auth";
import { fetchSession, SESSION_QUERY_KEY } from "./session-api";

/** Who is logged in; null until known or without a session. */
export function useSessionUser(): SessionInfo["user"] {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession }).data?.user ?? null;
}

const MAY_ACT: ReadonlySet<Role> = new Set(["riskManager", "admin"]);

/** Whether the page offers the desk's controls (cancel orders, acknowledge alerts); the server checks the role again on every request. */
function useMayAct(): boolean {
  const user = useSessionUser();
  return user !== null && MAY_ACT.has(user.role);
}

export const useMayCancelOrders = useMayAct;
export const useMayAcknowledge = useMayAct;
