import type { Monitor } from "@/server/monitor";
import type { OrderDesk } from "./cancel-service";

/** The cancel service's view of the monitor: the collector's link and requests, the engine's orders. */
export function monitorOrderDesk({ collector, publication, scopeAccounts, workingOrders }: Monitor): OrderDesk {
  return {
    canReachIb: () => collector.canReachIb,
    globalCancel: () => collector.globalCancel(),
    cancelOrder: (orderId) => collector.cancelOrder(orderId),
    refreshOpenOrders: () => collector.refreshOpenOrders(),
    workingOrders,
    scopeAccounts,
    accountIds: () => publication.accountIds(),
    groups: () => publication.fa().groups,
    aliases: () => publication.fa().aliases,
    onEvent: (listener) => collector.onEvent(listener),
  };
}
