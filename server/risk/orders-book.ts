import { accountOfOrderKey, isWorkingStatus, type OrdersReconciliation, type WorkingOrder } from "@/lib/orders";
import type { DomainEvent } from "@/server/domain/events";

type OrderEvent = Extract<DomainEvent, { type: "order" }>;
type OrderStatusEvent = Extract<DomainEvent, { type: "orderStatus" }>;
type OrdersListedEvent = Extract<DomainEvent, { type: "ordersListed" }>;

/**
 * Every working order of every client id and followed account, as the collector reports
 * them. An order leaves the book when IB says it ended (a done status) or no longer lists
 * it. Mutates in place and returns the keys it changed (gone from the book when the order
 * ended); pure otherwise: no I/O, no clock.
 */
export class OrdersBook {
  private readonly orders = new Map<string, WorkingOrder>();
  private reconciliation: OrdersReconciliation | null = null;

  get(key: string): WorkingOrder | undefined {
    return this.orders.get(key);
  }

  /** What the last reconnect found changed while away; null before any reconnect. */
  get note(): OrdersReconciliation | null {
    return this.reconciliation;
  }

  /** Every working order, by account, then symbol, then the time it was placed (perm id). */
  all(): WorkingOrder[] {
    return [...this.orders.values()].sort(
      (a, b) => a.account.localeCompare(b.account) || a.symbol.localeCompare(b.symbol) || a.permId - b.permId,
    );
  }

  applyOrder({ order }: OrderEvent): string[] {
    const existing = this.orders.get(order.key);
    if (!isWorkingStatus(order.status)) return this.remove(order.key);
    // openOrder repeats itself (every listing): the status age moves only when something did.
    const changedAt = existing && sameState(existing, order) ? existing.changedAt : order.changedAt;
    const next = { ...order, changedAt };
    if (existing && sameFields(existing, next)) return [];
    this.orders.set(order.key, next);
    return [order.key];
  }

  applyStatus({ key, status, filled, remaining, at }: OrderStatusEvent): string[] {
    const existing = this.orders.get(key);
    if (!existing) return [];
    if (!isWorkingStatus(status)) return this.remove(key);
    if (existing.status === status && existing.filled === filled && existing.remaining === remaining) return [];
    this.orders.set(key, { ...existing, status, filled, remaining, changedAt: at });
    return [key];
  }

  /** IB listed every open order: any other has ended. Returns the keys of those. */
  applyListing({ keys, reconciliation }: OrdersListedEvent): string[] {
    if (reconciliation) this.reconciliation = reconciliation;
    const listed = new Set(keys);
    return [...this.orders.keys()].filter((key) => !listed.has(key)).flatMap((key) => this.remove(key));
  }

  /** Forgets the orders of accounts no longer followed; returns their keys. */
  dropAccounts(accounts: readonly string[]): string[] {
    const gone = new Set(accounts);
    return [...this.orders.keys()].filter((key) => gone.has(accountOfOrderKey(key))).flatMap((key) => this.remove(key));
  }

  private remove(key: string): string[] {
    return this.orders.delete(key) ? [key] : [];
  }
}

function sameState(a: WorkingOrder, b: WorkingOrder): boolean {
  return a.status === b.status && a.filled === b.filled && a.remaining === b.remaining;
}

/** Every field equal (an order's fields are all plain values). */
function sameFields(a: WorkingOrder, b: WorkingOrder): boolean {
  const fields = Object.keys(a) as Array<keyof WorkingOrder>;
  return fields.length === Object.keys(b).length && fields.every((field) => a[field] === b[field]);
}
