import type { Config } from "@/server/config";
import type { DomainEvent, DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import { AccountFeed } from "./account";
import { IbConnection } from "./connection";
import { classifyIbMessage } from "./errors";
import { RequestPacer } from "./pacer";
import { SubscriptionRegistry } from "./subscriptions";

/** IB allows about 50 client messages per second; RiskDesk keeps a fifth in reserve. */
export const MAX_REQUESTS_PER_SECOND = 40;

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
  private readonly listeners = new Set<DomainEventListener>();

  constructor(config: CollectorConfig, private readonly logger: Logger, now: () => number = Date.now) {
    this.connection = new IbConnection({
      host: config.IB_HOST,
      port: config.IB_PORT,
      clientId: config.IB_CLIENT_ID,
      reconnectMinMs: config.IB_RECONNECT_MIN_MS,
      reconnectMaxMs: config.IB_RECONNECT_MAX_MS,
      logger: logger.child({ component: "ib-connection" }),
      now,
    });
    this.registry = new SubscriptionRegistry(new RequestPacer({ maxPerSecond: MAX_REQUESTS_PER_SECOND, now }));
    const emit = (event: DomainEvent) => this.emit(event);
    new AccountFeed({
      api: this.connection.api,
      registry: this.registry,
      emit,
      accountFilter: config.IB_ACCOUNTS,
      logger: logger.child({ component: "ib-account" }),
      now,
    });

    this.connection.on("status", (status) => {
      if (status.state !== "ready") this.registry.endSession();
      emit({ type: "link", status });
    });
    this.connection.on("ready", ({ dataLost }) => {
      if (dataLost) this.registry.startSession();
    });
    this.connection.on("message", (message) => {
      const severity = classifyIbMessage(message.code, message.reqId);
      if (severity === "request") this.registry.routeError(message);
      this.log(severity, message.code, message.message, message.reqId);
      emit({ type: "ibMessage", ...message, severity, at: now() });
    });
  }

  onEvent(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.connection.start();
  }

  stop(): void {
    this.connection.stop();
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
