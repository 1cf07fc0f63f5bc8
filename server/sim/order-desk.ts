/**
 * Who hears about which order, as IB routes order events between API clients:
 * - an API order's openOrder / orderStatus / executions go to the client id that placed it;
 * - a manual TWS order's go to client 0 once it asked for them with reqAutoOpenOrders(true);
 * - a client that cancels another client's order gets that order's orderStatus and 202 too
 *   (IB writes the cancelling client's id into the status, reference api_cross_client_cancel);
 * - reqAllOpenOrders shows every working order to anyone; reqOpenOrders a client's own
 *   (client 0: its own plus the manual orders, which it binds).
 * Read-only mode refuses order actions with TWS's "Read-Only API" error.
 */
import type { Field } from "@/server/tws-wire/frames";
import { OrderRejection, type OrderRequest, type SimOrder } from "./model/orders";
import type { BookedFill, Simulation } from "./model/simulation";
import { commissionReport, execDetails, openOrder, openOrderEnd, orderStatus } from "./order-replies";
import { ERROR_CODE, NO_REQ_ID, MESSAGES } from "./protocol";

/** What the desk needs of a connected client. */
export interface OrderClient {
  readonly clientId: number | undefined;
  readonly serverVersion: number;
  readonly isReady: boolean;
  /** Client 0 after reqAutoOpenOrders(true): it hears about manual TWS orders. */
  readonly autoBindsOrders: boolean;
  send(fields: Field[]): void;
  sendError(reqId: number, code: number, message: string): void;
}

/** IB's 202 for every cancelled order. */
export const ORDER_CANCELLED = { code: 202, message: "Order Canceled - reason:" } as const;

const isManual = (order: SimOrder) => order.clientId === 0 && order.orderId <= 0;

export class OrderDesk {
  readOnly: boolean;

  constructor(
    private readonly simulation: Simulation,
    private readonly clients: () => Iterable<OrderClient>,
    readOnly = false,
  ) {
    this.readOnly = readOnly;
  }

  /** The sessions that hear this order's events. */
  private listeners(order: SimOrder): OrderClient[] {
    const result: OrderClient[] = [];
    for (const client of this.clients()) {
      if (!client.isReady || client.clientId !== order.clientId) continue;
      if (isManual(order) && !client.autoBindsOrders) continue;
      result.push(client);
    }
    return result;
  }

  /** The next order id a client may use: above every id it used before (IB keeps them per client id). */
  nextValidId(clientId: number): number {
    return this.simulation.orders.maxOrderId(clientId) + 1;
  }

  /** True (and the client told, as by TWS) when read-only mode refuses an order action. */
  refusedReadOnly(client: OrderClient, reqId: number): boolean {
    if (!this.readOnly) return false;
    client.sendError(reqId, ERROR_CODE.INVALID_REQUEST, MESSAGES.readOnlyApi);
    return true;
  }

  /** placeOrder: accepted into the book (openOrder + orderStatus to the placer), or refused with IB's error. */
  place(client: OrderClient, orderId: number, request: OrderRequest): SimOrder | undefined {
    if (this.refusedReadOnly(client, orderId)) return undefined;
    try {
      const order = this.simulation.orders.place(client.clientId ?? 0, orderId, request, this.simulation.accountIds);
      this.announce(order, [client]);
      return order;
    } catch (error) {
      if (!(error instanceof OrderRejection)) throw error;
      client.sendError(orderId, error.code, error.message);
      return undefined;
    }
  }

  /** An order placed from outside the API (control surface): as if by `clientId`, or manual when 0. */
  placeAs(clientId: number, request: OrderRequest): SimOrder {
    const orderId = clientId === 0 ? 0 : this.nextValidId(clientId);
    const order = this.simulation.orders.place(clientId, orderId, request, this.simulation.accountIds);
    // With client 0 auto-binding, a new manual order is bound to it at once.
    if (isManual(order) && [...this.clients()].some((client) => client.clientId === 0 && client.autoBindsOrders)) this.simulation.orders.bindManualOrders();
    this.announce(order, []);
    return order;
  }

  cancel(client: OrderClient, orderId: number): void {
    if (this.refusedReadOnly(client, orderId)) return;
    let order: SimOrder;
    try {
      order = this.simulation.orders.findForCancel(client.clientId ?? 0, orderId);
    } catch (error) {
      if (!(error instanceof OrderRejection)) throw error;
      client.sendError(orderId, error.code, error.message);
      return;
    }
    this.simulation.orders.cancel(order);
    this.announceCancel(order, client);
  }

  /** reqGlobalCancel: every working order of the login; each owner and the requester hear of each. */
  globalCancel(client: OrderClient | undefined): SimOrder[] {
    if (client && this.refusedReadOnly(client, NO_REQ_ID)) return [];
    const cancelled = this.simulation.orders.cancelAll();
    for (const order of cancelled) this.announceCancel(order, client);
    return cancelled;
  }

  /** reqOpenOrders: the client's own working orders (client 0 binds the manual ones first). */
  sendOpenOrders(client: OrderClient): void {
    const clientId = client.clientId ?? 0;
    if (clientId === 0) this.simulation.orders.bindManualOrders();
    for (const order of this.simulation.orders.working()) {
      if (order.clientId === clientId) client.send(openOrder(client.serverVersion, order));
    }
    client.send(openOrderEnd());
  }

  /** reqAllOpenOrders: every working order of every client id and the manual ones; binds nothing. */
  sendAllOpenOrders(client: OrderClient): void {
    for (const order of this.simulation.orders.working()) client.send(openOrder(client.serverVersion, order));
    client.send(openOrderEnd());
  }

  /** reqAutoOpenOrders(true) from client 0: the manual orders are bound to it now and from now on. */
  bindManualOrders(): void {
    for (const order of this.simulation.orders.bindManualOrders()) this.announce(order, []);
  }

  /** Order fills: the owner hears openOrder, orderStatus, execDetails (reqId -1) and the commission. */
  announceFills(fills: readonly BookedFill[]): void {
    for (const { order, execution } of fills) {
      for (const client of this.listeners(order)) {
        client.send(openOrder(client.serverVersion, order));
        client.send(orderStatus(client.serverVersion, order));
        const allocations = this.simulation.allocationOf(order, execution.shares);
        for (const allocation of allocations) client.send(execDetails(client.serverVersion, NO_REQ_ID, execution, allocation));
        for (const allocation of allocations) client.send(commissionReport(execution, allocation));
      }
    }
  }

  private announce(order: SimOrder, extra: readonly OrderClient[]): void {
    for (const client of new Set([...this.listeners(order), ...extra])) {
      client.send(openOrder(client.serverVersion, order));
      client.send(orderStatus(client.serverVersion, order));
    }
  }

  private announceCancel(order: SimOrder, requester: OrderClient | undefined): void {
    const owners = this.listeners(order);
    for (const client of owners) {
      client.send(orderStatus(client.serverVersion, order));
      client.sendError(order.orderId, ORDER_CANCELLED.code, ORDER_CANCELLED.message);
    }
    if (requester && !owners.includes(requester)) {
      requester.send(orderStatus(requester.serverVersion, order, requester.clientId));
      requester.sendError(order.orderId, ORDER_CANCELLED.code, ORDER_CANCELLED.message);
    }
  }
}
