"use client";

import { useQuery } from "@tanstack/react-query";
import type { AccountRisk, FirmRisk, HistoryPoint, LinkStatus } from "@/lib/stream";
import { streamQueries, type SocketState, type StreamSync } from "./queries";

const CONNECTING: SocketState = { status: "connecting", since: 0, attempt: 0 };
const NOT_SYNCED: StreamSync = { synced: false, serverClockOffset: 0 };
const NO_IDS: readonly string[] = [];
const NO_POINTS: readonly HistoryPoint[] = [];

export function useSocketState(): SocketState {
  return useQuery(streamQueries.socket()).data ?? CONNECTING;
}

export function useStreamSync(): StreamSync {
  return useQuery(streamQueries.sync()).data ?? NOT_SYNCED;
}

/** Null until the first snapshot. */
export function useLinkStatus(): LinkStatus | null {
  return useQuery(streamQueries.link()).data ?? null;
}

/** Null until the first snapshot. */
export function useFirm(): FirmRisk | null {
  return useQuery(streamQueries.firm()).data ?? null;
}

/** Every followed account, sorted by id. */
export function useAccountIds(): readonly string[] {
  return useQuery(streamQueries.accountIds()).data ?? NO_IDS;
}

export function useAccount(accountId: string): AccountRisk | null {
  return useQuery(streamQueries.account(accountId)).data ?? null;
}

/** The intraday points of one series (FIRM_SERIES or an account id), oldest first. */
export function useHistory(series: string): readonly HistoryPoint[] {
  return useQuery(streamQueries.history(series)).data ?? NO_POINTS;
}
