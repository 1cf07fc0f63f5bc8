"use client";

import { useQuery } from "@tanstack/react-query";
import { historyResponseSchema, type HistoryRange, type HistoryResponse } from "@/lib/history";
import type { ScopeId } from "@/lib/scope";

async function fetchHistory(scope: ScopeId, range: HistoryRange, signal: AbortSignal): Promise<HistoryResponse> {
  const response = await fetch(`/api/history?${new URLSearchParams({ scope, range })}`, { signal, cache: "no-store" });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(typeof body === "object" && body && "error" in body ? String(body.error) : `history: HTTP ${response.status}`);
  return historyResponseSchema.parse(body);
}

/**
 * A scope's stored figures over a range, from the server's store. Fetched once per scope and
 * range, and again every `refreshMs` when given; otherwise what happens after it comes from the
 * live stream, which the caller joins on.
 */
export function useStoredHistory(scope: ScopeId, range: HistoryRange, refreshMs?: number) {
  return useQuery({
    queryKey: ["history", scope, range],
    queryFn: ({ signal }) => fetchHistory(scope, range, signal),
    staleTime: refreshMs ?? Infinity,
    refetchInterval: refreshMs,
    refetchOnWindowFocus: false,
  });
}
