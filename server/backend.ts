import { createServer, type Server } from "node:http";
import { loadAlertRules } from "@/server/alert-rules-file";
import { ALERT_HISTORY_PATH } from "@/lib/alert-history";
import { ALERT_RULES_PATH } from "@/lib/alert-rules";
import { recordAlertChanges } from "@/server/alerts/alert-recorder";
import { closeEpisodesLeftOpen } from "@/server/alerts/episodes-left-open";
import { StoredAlertRules } from "@/server/alerts/stored-alert-rules";
import { storeAuditLog } from "@/server/auth/audit";
import { createAuth } from "@/server/auth/create-auth";
import { riskThresholds, type Config } from "@/server/config";
import { startHistoryRecorder, type HistoryRecorderOptions } from "@/server/history/history-recorder";
import { ADMIN_USERS_PATH } from "@/lib/admin";
import { AUDIT_CSV_PATH, AUDIT_PATH } from "@/lib/audit";
import { adminUsersRoute } from "@/server/http/admin-users-route";
import { alertHistoryRoute } from "@/server/http/alert-history-route";
import { alertRulesRoute } from "@/server/http/alert-rules-route";
import { auditCsvRoute, auditRoute } from "@/server/http/audit-route";
import { CLOSES_PATH, closesRoute, HISTORY_PATH, historyRoute } from "@/server/http/history-route";
import { createRequestHandler, type PageHandler } from "@/server/http/request-handler";
import { grantedScopeAccess } from "@/server/http/scope-access";
import type { Logger } from "@/server/logger";
import { startMonitor, type Monitor, type MonitorOptions } from "@/server/monitor";
import { mergeAlertRules } from "@/server/risk/alerts/rules";
import { AlertWebhook } from "@/server/notify/webhook";
import { CancelService, type CancelTimings } from "@/server/orders/cancel-service";
import { monitorOrderDesk } from "@/server/orders/order-desk";
import { attachStreamHub, type StreamHub } from "@/server/realtime/hub";
import { openStore, storeLocation, type Store } from "@/server/store/database";
import { prismaWriteSink } from "@/server/store/prisma-write-sink";
import { WriteQueue, type WriteQueueOptions } from "@/server/store/write-queue";

export interface Backend {
  readonly server: Server;
  readonly monitor: Monitor;
  readonly hub: StreamHub;
  readonly store: Store;
  readonly writes: WriteQueue;
  /** Set when ALERT_WEBHOOK_URL is. */
  readonly webhook: AlertWebhook | null;
  /** Stops the IB connection and the stream, writes what is queued (within a time limit) and closes the store. */
  close(): Promise<void>;
}

/** How long shutdown waits for queued writes before it closes the store and loses them. */
const WRITE_DRAIN_LIMIT_MS = 5000;
/** How often the store's write status is read for the stream (it is published only when it says something new). */
const STORE_STATUS_MS = 1000;

/**
 * RiskDesk's backend on one HTTP server: the store (opened and migrated first), the monitor
 * (collector and risk engine), the history it records, the Socket.IO stream hub, /healthz,
 * /api/history (and its end-of-day closes), the alerts (history, rules, acknowledgements, the
 * webhook), with users the admin and audit APIs, and the pages when given. Listening is the caller's.
 */
export interface BackendOptions {
  pages?: PageHandler;
  /** Users, sessions and grants on every route and on the stream. Off only for tests of the backend alone. */
  users?: boolean;
  /** Timings that tests shorten; production uses the defaults. */
  timings?: {
    monitor?: Pick<MonitorOptions, "historySampleMs" | "linkRefreshMs" | "collector">;
    writes?: Partial<WriteQueueOptions>;
    history?: Partial<Pick<HistoryRecorderOptions, "sampleIntervalMs">>;
    /** How long a cancel is verified against IB's list. */
    cancel?: Partial<CancelTimings>;
  };
}

export async function startBackend(config: Config, logger: Logger, { pages, users = false, timings = {} }: BackendOptions = {}): Promise<Backend> {
  const thresholds = riskThresholds(config);
  const fileRules = loadAlertRules(config.ALERT_RULES_FILE, thresholds);
  const startedAt = new Date();
  const store = await openStore(storeLocation(config), logger.child({ component: "store" }));
  const alertLogger = logger.child({ component: "alerts" });
  const closedAtStart = await closeEpisodesLeftOpen(store.client, startedAt, alertLogger);
  const ruleEdits = new StoredAlertRules(store.client, alertLogger);
  // The defaults, then ALERT_RULES_FILE, then what an admin saved in the page (README "Alert rules").
  const alertRules = mergeAlertRules(fileRules, await ruleEdits.read());
  const auth = users ? createAuth(config, store.client, logger.child({ component: "auth" })) : undefined;
  const writes = new WriteQueue(prismaWriteSink(store.client), logger.child({ component: "store" }), timings.writes);
  writes.start();
  const monitor = startMonitor(config, logger, { ...timings.monitor, thresholds, alertRules });
  const history = startHistoryRecorder(monitor.figuresByScope, writes, store.client, logger.child({ component: "history" }), {
    ...timings.history,
    retentionDays: config.HISTORY_RETENTION_DAYS,
  });
  const publishStoreStatus = () => monitor.publication.setStore(writes.state());
  publishStoreStatus();
  const storeStatus = setInterval(publishStoreStatus, STORE_STATUS_MS);
  storeStatus.unref();
  const audit = auth?.audit ?? storeAuditLog(store.client);
  monitor.onAlertTransitions(recordAlertChanges(writes));
  const webhook = config.ALERT_WEBHOOK_URL && config.ALERT_WEBHOOK_SECRET
    ? new AlertWebhook({ url: config.ALERT_WEBHOOK_URL, secret: config.ALERT_WEBHOOK_SECRET }, logger.child({ component: "webhook" }))
    : null;
  // A receiver that saw an episode raised hears that it ended, as the history says.
  webhook?.notify(closedAtStart.map((alert) => ({ change: "cleared", alert })));
  if (webhook) monitor.onAlertTransitions((transitions) => webhook.notify(transitions));
  const rulesControl = { rules: monitor.alertRules, setRules: monitor.setAlertRules };
  const mayRead = grantedScopeAccess(monitor.scopeAccounts);
  const server = createServer(
    createRequestHandler({
      pages,
      routes: {
        [HISTORY_PATH]: historyRoute(store.client, mayRead),
        [CLOSES_PATH]: closesRoute(store.client, mayRead, monitor.scopeAccounts),
        [ALERT_HISTORY_PATH]: alertHistoryRoute(store.client, mayRead, monitor.scopeAccounts),
      },
      userRoutes: auth && {
        [ADMIN_USERS_PATH]: adminUsersRoute(auth.admin),
        [AUDIT_PATH]: auditRoute(store.client),
        [AUDIT_CSV_PATH]: auditCsvRoute(store.client, auth.audit),
        [ALERT_RULES_PATH]: alertRulesRoute(rulesControl, audit, ruleEdits),
      },
      auth: auth?.routes,
      logger: logger.child({ component: "http" }),
      health: () => {
        const { state, lastMessageAt } = monitor.collector.connection.status;
        return { ok: true, ib: { state, lastMessageAt } };
      },
    }),
  );
  const cancels = new CancelService(monitorOrderDesk(monitor), audit, logger.child({ component: "orders" }), timings.cancel);
  const hub = attachStreamHub(server, monitor.publication, logger.child({ component: "hub" }), undefined, auth?.stream, {
    alerts: { acknowledge: monitor.acknowledgeAlert, audit },
    orders: cancels,
  });
  return {
    server,
    monitor,
    hub,
    store,
    writes,
    webhook,
    async close() {
      clearInterval(storeStatus);
      monitor.stop();
      webhook?.close();
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
