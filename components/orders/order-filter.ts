import type { FaGroup } from "@/lib/fa";
import type { WorkingOrder } from "@/lib/orders";
import { accountScope, groupScope, parseScope, type ScopeId } from "@/lib/scope";

/** The blotter's filters; null or empty: no filter. */
export interface OrderFilter {
  account: string | null;
  group: string | null;
  symbol: string;
  clientId: number | null;
}

export const NO_FILTER: OrderFilter = { account: null, group: null, symbol: "", clientId: null };

/** Whether an order belongs to an FA group: one of its member accounts, or allocated to it. */
export function inGroup(order: WorkingOrder, group: FaGroup): boolean {
  return group.accounts.includes(order.account) || order.faGroup === group.name;
}

/** The orders the filters let through, in the order given. */
export function filterOrders(orders: Iterable<WorkingOrder>, filter: OrderFilter, groups: readonly FaGroup[]): WorkingOrder[] {
  const group = filter.group === null ? null : (groups.find((candidate) => candidate.name === filter.group) ?? { name: filter.group, method: "", accounts: [] });
  const symbol = filter.symbol.trim().toUpperCase();
  return [...orders].filter(
    (order) =>
      (filter.account === null || order.account === filter.account) &&
      (group === null || inGroup(order, group)) &&
      (symbol === "" || order.symbol.toUpperCase().includes(symbol)) &&
      (filter.clientId === null || order.clientId === filter.clientId),
  );
}

/**
 * What a scoped cancel from the blotter would cover: the filtered account, else the filtered
 * group; null without either (the header's Cancel all is for everything). A cancel covers
 * every working order of its scope, whatever the symbol or client filter shows.
 */
export function cancelScopeOf(filter: OrderFilter): ScopeId | null {
  if (filter.account !== null) return accountScope(filter.account);
  if (filter.group !== null) return groupScope(filter.group);
  return null;
}

/** The working orders a cancel over `scope` aims at, as the server picks them (server/orders). */
export function ordersInScope(orders: Iterable<WorkingOrder>, scope: ScopeId, groups: readonly FaGroup[]): WorkingOrder[] {
  const parsed = parseScope(scope);
  if (parsed.kind === "all") return [...orders];
  if (parsed.kind === "account") return filterOrders(orders, { ...NO_FILTER, account: parsed.id }, groups);
  return filterOrders(orders, { ...NO_FILTER, group: parsed.name }, groups);
}
