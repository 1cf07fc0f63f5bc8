/** What a request handler may do with the session that received the request. */
import type { PositionChange, Simulation } from "../model/simulation";
import type { Field } from "@/server/tws-wire/frames";
import type { ClientRequest } from "../wire/request";
import type { OrderClient, OrderDesk } from "../order-desk";

/**
 * "tick": pushed after every price move (P&L); "summary": on the account-summary cadence;
 * "none": never pushed on a timer (position subscriptions, which hear about trades instead).
 */
export type Cadence = "tick" | "summary" | "none";

/** A live subscription of one client; pushes what changed since it last sent. */
export interface Subscription {
  readonly cadence: Cadence;
  /** The first answer, sent when the subscription is made. */
  start(): void;
  push(): void;
  /** Positions changed (a trade): subscriptions that report positions send the new ones. */
  positionsChanged?(changes: readonly PositionChange[]): void;
}

export interface RequestContext extends OrderClient {
  readonly serverVersion: number;
  /** The login's orders and who hears of them. */
  readonly orders: OrderDesk;
  /** reqAutoOpenOrders: client 0 hears about manual TWS orders from now on (or no longer). */
  setAutoBind(on: boolean): void;
  readonly simulation: Simulation;
  send(fields: Field[]): void;
  sendError(reqId: number, code: number, message: string): void;
  /** Registers (or replaces) the subscription under `key`. */
  subscribe(key: string, subscription: Subscription): void;
  hasSubscription(key: string): boolean;
  /** How many live subscriptions have a key starting with `prefix`. */
  countSubscriptions(prefix: string): number;
  /** Ends the subscription under `key`; false if there was none. */
  unsubscribe(key: string): boolean;
  /** Advances and returns this client's next valid order id (what reqIds answers). */
  nextOrderId(): number;
}

export type RequestHandler = (request: ClientRequest, context: RequestContext) => void;

/** A handler module: the message ids it serves. */
export type HandlerTable = ReadonlyMap<number, RequestHandler>;
