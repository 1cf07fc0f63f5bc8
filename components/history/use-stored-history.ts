"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { closesResponseSchema, historyResponseSchema, type HistoryRange } from "@/lib/history";
import type { ScopeId } from "@/lib/scope";
import { getJson } from "@/components/query/get-json";

/** GETs a history route for a scope and range and validates the answer; a refusal throws its reason. */
const fetchScoped = <T>(path: string, schema: z.ZodType<T>, scope: ScopeId, range: HistoryRange, signal: AbortSignal): Promise<T> =>
  getJson(`${path}?${new URLSearchParams({ scope, range })}`, schema, signal);

/**
 * A scope's stored figures over a range, from the server's store. Fetched once per scope and
 * range, and again every `refreshMs` when given; otherwise what happens after it comes from the
 * live stream, which the caller joins on.
 */
export function useStoredHistory(scope: ScopeId, range: HistoryRange, refreshMs?: number) {
  return useQuery({
    queryKey: ["history", scope, range],
    queryFn: ({ signal }) => fetchScoped("/api/history", historyResponseSchema, scope, range, signal),
    staleTime: refreshMs ?? Infinity,
    refetchInterval: refreshMs,
    refetchOnWindowFocus: false,
  });
}

/** Each account of a scope at the close of each day of a range; a past day's close does not change. */
export function useDayCloses(scope: ScopeId, range: HistoryRange) {
  return useQuery({
    queryKey: ["history-closes", scope, range],
    queryFn: ({ signal }) => fetchScoped("/api/history/closes", closesResponseSchema, scope, range, signal),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });
}
