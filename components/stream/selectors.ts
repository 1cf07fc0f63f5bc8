import type { Alert } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import type { FaConfig } from "@/lib/fa";
import type { OrdersReconciliation, WorkingOrder } from "@/lib/orders";
import type { Position } from "@/lib/positions";
import type { AccountRisk, FirmRisk, GroupRisk, HistoryPoint, StoreStatus, StreamLink, View } from "@/lib/stream";
import type { SocketState, StreamStoreState } from "./stream-store";

/**
 * Selectors over the stream store for the hooks in hooks.ts, one per part that changes on
 * its own. Each returns a part of the state as the stream keeps it (by reference while it
 * stands) or a constant, so a component re-renders only when its own part changed. The one
 * exception, selectSync, builds a new object and is read with useShallow.
 */

const NO_POINTS: readonly HistoryPoint[] = [];

/** Whether the view on screen follows the stream, and how far the server's clock is from ours. */
export interface StreamSync {
  synced: boolean;
  serverClockOffset: number;
}

export const selectSocket = ({ socket }: StreamStoreState): SocketState => socket;

export const selectSync = ({ stream }: StreamStoreState): StreamSync => ({ synced: stream.synced, serverClockOffset: stream.serverClockOffset });

export const selectLink = ({ stream }: StreamStoreState): StreamLink | null => stream.link;

export const selectStore = ({ stream }: StreamStoreState): StoreStatus | null => stream.store;

export const selectFirm = ({ stream }: StreamStoreState): FirmRisk | null => stream.firm;

export const selectAccountIds = ({ stream }: StreamStoreState): readonly string[] => stream.accountIds;

export const selectAccount =
  (accountId: string) =>
  ({ stream }: StreamStoreState): AccountRisk | null =>
    stream.accounts.get(accountId) ?? null;

export const selectAccountCurrencies = ({ stream }: StreamStoreState): ReadonlyMap<string, string | null> => stream.accountCurrencies;

export const selectGroup =
  (name: string) =>
  ({ stream }: StreamStoreState): GroupRisk | null =>
    stream.groups.find((group) => group.name === name) ?? null;

export const selectFaConfig = ({ stream }: StreamStoreState): FaConfig => stream.fa;

export const selectHistory =
  (series: string) =>
  ({ stream }: StreamStoreState): readonly HistoryPoint[] =>
    stream.history.get(series) ?? NO_POINTS;

export const selectView = ({ stream }: StreamStoreState): View | null => stream.view;

export const selectExposure = ({ stream }: StreamStoreState): Exposure | null => stream.exposure;

export const selectPositions = ({ stream }: StreamStoreState): ReadonlyMap<string, Position> => stream.positions;

export const selectPositionKeys = ({ stream }: StreamStoreState): readonly string[] => stream.positionKeys;

export const selectAlerts = ({ stream }: StreamStoreState): ReadonlyMap<string, Alert> => stream.alerts;

export const selectOrders = ({ stream }: StreamStoreState): ReadonlyMap<string, WorkingOrder> => stream.orders;

export const selectOrdersNote = ({ stream }: StreamStoreState): OrdersReconciliation | null => stream.ordersNote;
