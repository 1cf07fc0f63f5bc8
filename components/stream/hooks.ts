"use client";

import { useQuery } from "@tanstack/react-query";
import type { Exposure } from "@/lib/exposure";
import { EMPTY_FA_CONFIG, type FaConfig } from "@/lib/fa";
import type { Position } from "@/lib/positions";
import type { AccountRisk, FirmRisk, GroupRisk, HistoryPoint, StreamLink, View } from "@/lib/stream";
import { streamQueries, type SocketState, type StreamSync } from "./queries";

const CONNECTING: SocketState = { status: "connecting", since: 0, attempt: 0 };
const NOT_SYNCED: StreamSync = { synced: false, serverClockOffset: 0 };
const NO_IDS: readonly string[] = [];
const NO_POINTS: readonly HistoryPoint[] = [];
const NO_CURRENCIES: ReadonlyMap<string, string | null> = new Map();
const NO_POSITIONS: ReadonlyMap<string, Position> = new Map();

export function useSocketState(): SocketState {
  return useQuery(streamQueries.socket()).data ?? CONNECTING;
}

export function useStreamSync(): StreamSync {
  return useQuery(streamQueries.sync()).data ?? NOT_SYNCED;
}

/** Null until the first snapshot. */
export function useLinkStatus(): StreamLink | null {
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

/** Account id → base currency, for every followed account. */
export function useAccountCurrencies(): ReadonlyMap<string, string | null> {
  return useQuery(streamQueries.accountCurrencies()).data ?? NO_CURRENCIES;
}

/** One FA group's totals; null while the server has not reported it. */
export function useGroup(name: string): GroupRisk | null {
  return useQuery({ ...streamQueries.groups(), select: (groups) => groups.find((group) => group.name === name) }).data ?? null;
}

export function useFaConfig(): FaConfig {
  return useQuery(streamQueries.fa()).data ?? EMPTY_FA_CONFIG;
}

/** The intraday points of one series (FIRM_SERIES or an account id), oldest first. */
export function useHistory(series: string): readonly HistoryPoint[] {
  return useQuery(streamQueries.history(series)).data ?? NO_POINTS;
}

/** What the server last said this client looks at; null until the first snapshot. */
export function useView(): View | null {
  return useQuery(streamQueries.view()).data ?? null;
}

/** Exposure of the view's scope; null until the server has one. */
export function useExposure(): Exposure | null {
  return useQuery(streamQueries.exposure()).data ?? null;
}

/** The view's positions by key; empty unless the view asks for positions. */
export function usePositions(): ReadonlyMap<string, Position> {
  return useQuery(streamQueries.positions()).data ?? NO_POSITIONS;
}

/** The keys of the view's positions; a new list only when positions come or go. */
export function usePositionKeys(): readonly string[] {
  return useQuery(streamQueries.positionKeys()).data ?? NO_IDS;
}
