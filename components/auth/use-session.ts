"use client";

import { useQuery } from "@tanstack/react-query";
import { mayAct, mayActOnEverything, type SessionUser } from "./permissions";
import { fetchSession, SESSION_QUERY_KEY } from "./session-api";

/** Who is logged in, and the CSRF token to send with a change. */
export function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession });
}

/** Who is logged in; null until known or without a session. */
export function useSessionUser(): SessionUser {
  return useSession().data?.user ?? null;
}

/** Whether the page offers scoped cancels and acknowledgements. */
export const useMayAct = (): boolean => mayAct(useSessionUser());

/** Whether the page offers the cancel of every order (refused by the server to a user limited by grants). */
export const useMayCancelEverything = (): boolean => mayActOnEverything(useSessionUser());
