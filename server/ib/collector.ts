import type { LinkStatus } from "@/lib/stream";
import type { Config } from "@/server/config";
import type { DomainEvent, DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import { AccountFeed } from "./account";
import { IbConnection } from "./connection";
import { classifyIbMessage } from "./errors";
import { FaFeed } from "./fa";
import { IbNumbers } from "./ib-numbers";
import { MAX_REQUESTS_PER_SECOND } from "./limits";
import { ManagedAccounts } from "./managed-accounts";
import { PRIORITY, RequestPacer } from "./pacer";
import { OrderFeed } from "./orders";
import { PositionFeed } from "./positions";
import { SubscriptionRegistry } from "./subscriptions";

/** Timings and limits that tests shorten; production uses the defaults. */
export interface CollectorOptions {
  now?: () => number;
  maxRequestsPerSecond?: number;
  handshakeTimeoutMs?: number;
  heartbeatAfterMs?: number;
  probeTimeoutMs?: number;
  /** How often every open order is listed again (server/ib/orders.ts). */
  ordersRefreshMs?: number;
}

export type CollectorConfig = Pick<
  Config,
  "IB_HOST" | "IB_PORT" | "IB_CLIENT_ID" | "IB_ACCOUNTS" | "IB_RECONNECT_MIN_MS" | "IB_RECONNECT_MAX_MS"
>;

/**
 * The backend's only door to TWS: one connection, its subscriptions and the feeds that
 * turn TWS messages into domain events. It knows nothing about risk or browsers.
 */
export class Collector {
  readonly connection: IbConnection;
  private readonly registry: SubscriptionRegistry;
  private readonly pacer: RequestPacer;
  private readonly accounts: ManagedAccounts;
  private readonly orders: OrderFeed;
  private readonly listeners = new Set<DomainEventListener>();

  constructor(
    config: CollectorConfig,
    private readonly logger: Logger,
    { now = Date.now, maxRequestsPerSecond = MAX_REQUESTS_PER_SECOND, ordersRefreshMs, ...timings }: CollectorOptions = {},
  ) {
    const pacer = (this.pacer = new RequestPacer({
      maxPerSecond: maxRequestsPerSecond,
      now,
      // The pill turns degraded the moment requests queue, not at the next periodic refresh.
      onWaitingChange: () => this.emit({ type: "link", status: this.status }),
    }));
    this.connection = new IbConnection({
      host: config.IB_HOST,
      port: config.IB_PORT,
      clientId: config.IB_CLIENT_ID,
      reconnectMinMs: config.IB_RECONNECT_MIN_MS,
      reconnectMaxMs: config.IB_RECONNECT_MAX_MS,
      // The library's own limiter lets rate/10 through per 100 ms: at ten times ours, a whole
      // second of our budget passes at once, so it never queues (or reorders) behind us.
      libraryMaxRequestsPerSecond: maxRequestsPerSecond * 10,
      pace: (send) => pacer.enqueue(send, PRIORITY.control),
      logger: logger.child({ component: "ib-connection" }),
      now,
      ...timings,
    });
    this.registry = new SubscriptionRegistry(pacer);
    const emit = (event: DomainEvent) => this.emit(event);
    const numbers = new IbNumbers(logger.child({ component: "ib-numbers" }), now);
    const feed = { api: this.connection.api, registry: this.registry, emit, now, numbers };
    const accounts = (this.accounts = new ManagedAccounts(this.connection.api, config.IB_ACCOUNTS, emit, now, logger.child({ component: "ib-accounts" })));
    accounts.onChange(() => emit({ type: "link", status: this.status }));
    new AccountFeed({ ...feed, accounts, logger: logger.child({ component: "ib-account" }) });
    new PositionFeed({ ...feed, accounts, logger: logger.child({ component: "ib-positions" }) });
    const fa = new FaFeed({ ...feed, logger: logger.child({ component: "ib-fa" }) });
    this.orders = new OrderFeed({
      ...feed,
      accounts,
      pace: (send) => pacer.enqueue(send, PRIORITY.control),
      isReady: () => this.connection.isReady,
      refreshMs: ordersRefreshMs,
      logger: logger.child({ component: "ib-orders" }),
    });

    this.connection.on("status", (status) => {
      if (status.state !== "ready") {
        this.registry.endSession();
        this.orders.endSession();
      }
      emit({ type: "link", status: this.status });
    });
    this.connection.on("ready", () => this.registry.startSession());
    this.connection.on("message", (message) => {
      const severity = classifyIbMessage(message.code, message.reqId, message.message);
      if (severity !== "order" && (severity !== "request" || !this.registry.routeError(message))) fa.onIbMessage(message);
      this.log(severity, message.code, message.message, message.reqId);
      emit({ type: "ibMessage", ...message, severity, at: now() });
    });
  }

  /** The link as the browser sees it: the connection's state, what is still queued, and warnings. */
  get status(): LinkStatus {
    const warning = this.accounts.warning;
    return { ...this.connection.status, pendingRequests: this.pacer.pending, warnings: warning ? [warning] : [] };
  }

  onEvent(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.connection.start();
  }

  stop(): void {
    this.orders.stop();
    this.connection.stop();
  }

  /** Whether a request sent now reaches IB: our socket is ready and IB has its own servers. */
  get canReachIb(): boolean {
    const { state, ibServersLost } = this.connection.status;
    return state === "ready" && !ibServersLost;
  }

  /** IB's global cancel: every open order of the login, all client ids and sub-accounts, manual TWS orders included. */
  globalCancel(): void {
    this.pacer.enqueue(() => this.connection.api.reqGlobalCancel(), PRIORITY.control);
  }

  /** Cancels one order by its order id (the placing client's id for it). */
  cancelOrder(orderId: number): void {
    this.pacer.enqueue(() => this.connection.api.cancelOrder(orderId), PRIORITY.control);
  }

  /** Lists every open order again; the answer ends with an `ordersListed` event. */
  refreshOpenOrders(): void {
    this.orders.refresh();
  }

  private emit(event: DomainEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, event: event.type }, "a domain event listener failed");
      }
    }
  }

  private log(severity: string, code: number, text: string, reqId: number | null): void {
    const level = severity === "info" ? "info" : severity === "request" ? "error" : "warn";
    this.logger[level]({ code, reqId, severity }, text);
  }
}
