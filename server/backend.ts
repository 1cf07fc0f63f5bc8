import { createServer, type Server } from "node:http";
import { storeAuditLog } from "@/server/auth/audit";
import { createAuth } from "@/server/auth/create-auth";
import { riskThresholds, type Config } from "@/server/config";
import { startHistoryRecorder } from "@/server/history/history-recorder";
import { CLOSES_PATH, closesRoute, HISTORY_PATH, historyRoute } from "@/server/http/history-route";
import { createRequestHandler, type PageHandler } from "@/server/http/request-handler";
import { grantedScopeAccess } from "@/server/http/scope-access";
import type { Logger } from "@/server/logger";
import { startMonitor, type Monitor } from "@/server/monitor";
import { CancelService, type CancelTimings } from "@/server/orders/cancel-service";
import { monitorOrderDesk } from "@/server/orders/order-desk";
import { attachStreamHub, type StreamHub } from "@/server/realtime/hub";
import { openStore, storeLocation, type Store } from "@/server/store/database";
import { prismaWriteSink } from "@/server/store/prisma-write-sink";
import { WriteQueue } from "@/server/store/write-queue";

export interface Backend {
  readonly server: Server;
  readonly monitor: Monitor;
  readonly hub: StreamHub;
  readonly store: Store;
  readonly writes: WriteQueue;
  /** Stops the IB connection and the stream, writes what is queued (within a time limit) and closes the store. */
  close(): Promise<void>;
}

/** How long shutdown waits for queued writes before it closes the store and loses them. */
const WRITE_DRAIN_LIMIT_MS = 5000;

/**
 * RiskDesk's backend on one HTTP server: the store (opened and migrated first), the monitor
 * (collector and risk engine), the history it records, the Socket.IO stream hub, /healthz,
 * /api/history (and its end-of-day closes), and the pages when given. Listening is the caller's.
 */
export interface BackendOptions {
  pages?: PageHandler;
  /** Users, sessions and grants on every route and on the stream. Off only for tests of the backend alone. */
  users?: boolean;
  /** How long a cancel is verified against IB's list (tests shorten it). */
  cancelTimings?: Partial<CancelTimings>;
}

export async function startBackend(config: Config, logger: Logger, { pages, users = false, cancelTimings }: BackendOptions = {}): Promise<Backend> {
  const store = await openStore(storeLocation(config), logger.child({ component: "store" }));
  const auth = users ? createAuth(config, store.client, logger.child({ component: "auth" })) : undefined;
  const writes = new WriteQueue(prismaWriteSink(store.client), logger.child({ component: "store" }));
  writes.start();
  const monitor = startMonitor(config, logger, { thresholds: riskThresholds(config) });
  const history = startHistoryRecorder(monitor.figuresByScope, writes, store.client, logger.child({ component: "history" }), {
    retentionDays: config.HISTORY_RETENTION_DAYS,
  });
  const mayRead = grantedScopeAccess(monitor.scopeAccounts);
  const server = createServer(
    createRequestHandler({
      pages,
      routes: {
        [HISTORY_PATH]: historyRoute(store.client, mayRead),
        [CLOSES_PATH]: closesRoute(store.client, mayRead, monitor.scopeAccounts),
      },
      auth: auth?.routes,
      logger: logger.child({ component: "http" }),
      health: () => {
        const { state, lastMessageAt } = monitor.collector.connection.status;
        return { ok: true, ib: { state, lastMessageAt } };
      },
    }),
  );
  const cancels = new CancelService(monitorOrderDesk(monitor), storeAuditLog(store.client), logger.child({ component: "orders" }), cancelTimings);
  const hub = attachStreamHub(server, monitor.publication, logger.child({ component: "hub" }), undefined, auth?.stream, cancels);
  return {
    server,
    monitor,
    hub,
    store,
    writes,
    async close() {
      monitor.stop();
      await history.stop();
      await hub.close();
      const drained = await withinLimit(writes.close(), WRITE_DRAIN_LIMIT_MS);
      if (!drained || drained.queued > 0) logger.warn({ queued: drained?.queued ?? writes.state().queued }, "store closed with writes still queued: they are lost");
      await store.close();
    },
  };
}

/** The promise's value, or null when it takes longer than `ms`. */
async function withinLimit<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
