import { createServer, type Server } from "node:http";
import type { Auth } from "@/server/auth/create-auth";
import { riskThresholds, type Config } from "@/server/config";
import { createRequestHandler, type PageHandler } from "@/server/http/request-handler";
import type { Logger } from "@/server/logger";
import { startMonitor, type Monitor } from "@/server/monitor";
import { attachStreamHub, type StreamHub } from "@/server/realtime/hub";

export interface Backend {
  readonly server: Server;
  readonly monitor: Monitor;
  readonly hub: StreamHub;
  /** Stops the IB connection and the stream; the HTTP server stops with the hub. */
  close(): Promise<void>;
}

/**
 * RiskDesk's backend on one HTTP server: the monitor (collector and risk engine), the
 * Socket.IO stream hub, /healthz, and the pages when given. Listening is the caller's.
 */
export function startBackend(config: Config, logger: Logger, pages?: PageHandler, auth?: Auth): Backend {
  const monitor = startMonitor(config, logger, { thresholds: riskThresholds(config) });
  const server = createServer(
    createRequestHandler({
      pages,
      auth: auth?.routes,
      logger: logger.child({ component: "http" }),
      health: () => {
        const { state, lastMessageAt } = monitor.collector.connection.status;
        return { ok: true, ib: { state, lastMessageAt } };
      },
    }),
  );
  const hub = attachStreamHub(server, monitor.publication, logger.child({ component: "hub" }), undefined, auth?.stream);
  return {
    server,
    monitor,
    hub,
    async close() {
      monitor.stop();
      await hub.close();
    },
  };
}
