"use client";

import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import type { Alert } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import type { OrdersReconciliation, WorkingOrder } from "@/lib/orders";
import type { Position } from "@/lib/positions";
import type { AccountRisk, FirmRisk, GroupRisk, HistoryPoint, StoreStatus, StreamLink, View } from "@/lib/stream";
import * as select from "./selectors";
import type { SocketState, StreamStore, StreamStoreState } from "./stream-store";

export const StreamStoreContext = createContext<StreamStore | null>(null);

/**
 * Reads the part of the stream store that `selector` picks, re-rendering when that part
 * changes (by reference). A component that shows a new payload field selects it here.
 */
export function useStreamStore<T>(selector: (state: StreamStoreState) => T): T {
  const store = useContext(StreamStoreContext);
  if (!store) throw new Error("useStreamStore outside StreamProvider");
  return useStore(store, selector);
}

export function useSocketState(): SocketState {
  return useStreamStore(select.selectSocket);
}

export function useStreamSync(): select.StreamSync {
  return useStreamStore(useShallow(select.selectSync));
}

/** Null until the first snapshot. */
export function useLinkStatus(): StreamLink | null {
  return useStreamStore(select.selectLink);
}

/** The store's writes; null until the server says. */
export function useStoreStatus(): StoreStatus | null {
  return useStreamStore(select.selectStore);
}

/** Null until the first snapshot. */
export function useFirm(): FirmRisk | null {
  return useStreamStore(select.selectFirm);
}

/** Every followed account, sorted by id. */
export function useAccountIds(): readonly string[] {
  return useStreamStore(select.selectAccountIds);
}

export function useAccount(accountId: string): AccountRisk | null {
  return useStreamStore(select.selectAccount(accountId));
}

/** Account id → base currency, for every followed account. */
export function useAccountCurrencies(): ReadonlyMap<string, string | null> {
  return useStreamStore(select.selectAccountCurrencies);
}

/** One FA group's totals; null while the server has not reported it. */
export function useGroup(name: string): GroupRisk | null {
  return useStreamStore(select.selectGroup(name));
}

export function useFaConfig(): FaConfig {
  return useStreamStore(select.selectFaConfig);
}

/** The intraday points of one series (FIRM_SERIES or an account id), oldest first. */
export function useHistory(series: string): readonly HistoryPoint[] {
  return useStreamStore(select.selectHistory(series));
}

/** What the server last said this client looks at; null until the first snapshot. */
export function useView(): View | null {
  return useStreamStore(select.selectView);
}

/** Exposure of the view's scope; null until the server has one. */
export function useExposure(): Exposure | null {
  return useStreamStore(select.selectExposure);
}

/** The view's positions by key; empty unless the view asks for positions. */
export function usePositions(): ReadonlyMap<string, Position> {
  return useStreamStore(select.selectPositions);
}

/** The keys of the view's positions; a new list only when positions come or go. */
export function usePositionKeys(): readonly string[] {
  return useStreamStore(select.selectPositionKeys);
}

/** The view's active alerts by id, in the order they were raised. */
export function useActiveAlerts(): ReadonlyMap<string, Alert> {
  return useStreamStore(select.selectAlerts);
}

/** Working orders by key; empty unless the view asks for orders (useRequestOrders). */
export function useOrders(): ReadonlyMap<string, WorkingOrder> {
  return useStreamStore(select.selectOrders);
}

/** What the last reconnect found changed in the orders while away. */
export function useOrdersNote(): OrdersReconciliation | null {
  return useStreamStore(select.selectOrdersNote);
}
