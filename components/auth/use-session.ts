"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchSession, SESSION_QUERY_KEY } from "./session-api";

/** Who is logged in, and the CSRF token to send with a change. */
export function useSession() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession });
}
