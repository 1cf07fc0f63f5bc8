import { describeReconcile } from "@/lib/reconcile-summary";
import type { LinkStatus, ReconcileReport } from "@/lib/stream";
import type { Config } from "@/server/config";
import type { DomainEvent, DomainEventListener, IbMessageClass } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import { AccountFeed } from "./account";
import { IbConnection, type IbMessage } from "./connection";
import { IB_CODES, routeIbMessage } from "./errors";
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
  "IB_HOST" | "IB_PORT" | "IB_CLIENT_ID" | "IB_ACCOUNTS" | "IB_RECONNECT_MIN_MS" | "IB_RECONNECT_MAX_MS" | "IB_DAILY_RESTART"
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
  private readonly positions: PositionFeed;
  private lastReconcile: ReconcileReport | null = null;
  /** Sessions that became ready on a new socket: from the second on, positions are reconciled. */
  private sessions = 0;
  private readonly now: () => number;

  constructor(
    config: CollectorConfig,
    private readonly logger: Logger,
    { now = Date.now, maxRequestsPerSecond = MAX_REQUESTS_PER_SECOND, ordersRefreshMs, ...timings }: CollectorOptions = {},
  ) {
    this.now = now;
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
      restartWindow: config.IB_DAILY_RESTART ?? null,
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
    this.positions = new PositionFeed({
      ...feed,
      accounts,
      logger: logger.child({ component: "ib-positions" }),
      onReconciled: (report) => this.onReconciled(report),
    });
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
    this.connection.on("ready", (cause) => {
      if (cause === "connected") this.sessions += 1;
      if (cause === "restored" || this.sessions > 1) this.positions.beginReconcile(cause === "restored" ? "restored" : "reconnect");
      this.registry.startSession();
    });
    this.connection.on("message", (message) => {
      const { severity, routes } = routeIbMessage(message.code, message.reqId, message.message);
      // Order messages carry an order id, not a request id: never a subscription's.
      if (!routes.includes("orders") && (!routes.includes("requester") || !this.registry.routeError(message))) fa.onIbMessage(message);
      this.log(severity, message.code, message.message, message.reqId);
      // The other alert facts (1100, 2110, 326, broken farms) reach the engine on the link status.
      if (routes.includes("alert") && message.code === IB_CODES.marginWarning) this.onMarginWarning(message);
      emit({ type: "ibMessage", ...message, severity, at: now() });
    });
  }

  private onReconciled(report: ReconcileReport): void {
    this.lastReconcile = report;
    const { added, removed, changed } = report.positions;
    const changedAny = added.count + removed.count + changed.count > 0;
    this.logger[changedAny ? "warn" : "info"](
      { after: report.after, added: added.listed, removed: removed.listed, changed: changed.listed },
      `reconciled after ${report.after === "restored" ? "IB restored connectivity (1101)" : "a reconnect"}: ${describeReconcile(report)}`,
    );
    this.emit({ type: "link", status: this.status });
  }

  /** Whose margin IB warns about: a followed account named in the text, else the only one, else unknown. */
  private onMarginWarning(message: IbMessage): void {
    const followed = this.accounts.accounts;
    const named = message.message.split(/[^A-Za-z0-9]+/).find((word) => this.accounts.has(word));
    const account = named ?? (followed.length === 1 ? followed[0]! : null);
    this.emit({ type: "marginWarning", account, message: message.message, at: this.now() });
  }

  /** The link as the browser sees it: the connection's state, what is still queued, and warnings. */
  get status(): LinkStatus {
    const warning = this.accounts.warning;
    return {
      ...this.connection.status,
      pendingRequests: this.pacer.pending,
      warnings: warning ? [warning] : [],
      lastReconcile: this.lastReconcile,
    };
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

  private log(severity: IbMessageClass, code: number, text: string, reqId: number | null): void {
    const level = severity === "info" ? "info" : severity === "request" ? "error" : "warn";
    this.logger[level]({ code, reqId, severity }, text);
  }
}
