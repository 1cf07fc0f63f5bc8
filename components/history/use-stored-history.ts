"use client";

import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { closesResponseSchema, historyResponseSchema, type HistoryRange } from "@/lib/history";
import type { ScopeId } from "@/lib/scope";

/** GETs a history route for a scope and range and validates the answer; a refusal throws its reason. */
async function fetchScoped<T>(path: string, schema: z.ZodType<T>, scope: ScopeId, range: HistoryRange, signal: AbortSignal): Promise<T> {
  const response = await fetch(`${path}?${new URLSearchParams({ scope, range })}`, { signal, cache: "no-store" });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(typeof body === "object" && body && "error" in body ? String(body.error) : `${path}: HTTP ${response.status}`);
  return schema.parse(body);
}

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
