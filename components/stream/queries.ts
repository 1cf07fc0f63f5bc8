import { queryOptions, skipToken, type QueryKey } from "@tanstack/react-query";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import type { Position } from "@/lib/positions";
import type { AccountRisk, FirmRisk, GroupRisk, HistoryPoint, StreamLink, View } from "@/lib/stream";

/** The browser's own Socket.IO connection to the RiskDesk server. */
export interface SocketState {
  status: "connecting" | "connected" | "disconnected";
  /** Browser epoch ms at which `status` last changed. */
  since: number;
  /** Reconnection attempts since the connection was lost. */
  attempt: number;
}

/** Whether the view on screen follows the stream, and how far the server's clock is from ours. */
export interface StreamSync {
  synced: boolean;
  serverClockOffset: number;
}

/**
 * Cache entries written by the stream, never fetched: one key per independently changing
 * part, so a delta for one account re-renders only that account's row.
 */
function streamEntry<T>(queryKey: QueryKey) {
  return queryOptions<T>({ queryKey, queryFn: skipToken, staleTime: Infinity });
}

export const streamQueries = {
  socket: () => streamEntry<SocketState>(["socket"]),
  sync: () => streamEntry<StreamSync>(["sync"]),
  link: () => streamEntry<StreamLink | null>(["link"]),
  firm: () => streamEntry<FirmRisk | null>(["firm"]),
  accountIds: () => streamEntry<readonly string[]>(["accountIds"]),
  account: (accountId: string) => streamEntry<AccountRisk>(["account", accountId]),
  accountCurrencies: () => streamEntry<ReadonlyMap<string, string | null>>(["accountCurrencies"]),
  groups: () => streamEntry<readonly GroupRisk[]>(["groups"]),
  fa: () => streamEntry<FaConfig>(["fa"]),
  history: (series: string) => streamEntry<readonly HistoryPoint[]>(["history", series]),
  view: () => streamEntry<View | null>(["view"]),
  exposure: () => streamEntry<Exposure | null>(["exposure"]),
  /** The view's positions by key, as one entry: the grid reads them all at once. */
  positions: () => streamEntry<ReadonlyMap<string, Position>>(["positions"]),
  positionKeys: () => streamEntry<readonly string[]>(["positionKeys"]),
};
