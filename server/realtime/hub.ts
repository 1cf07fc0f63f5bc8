import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  MAX_DELTAS_PER_SECOND,
  resyncRequestSchema,
  STREAM_EVENTS,
  viewSchema,
  type ServerToClientEvents,
  type UncheckedClientEvents,
} from "@/lib/stream";
import type { Logger } from "@/server/logger";
import { ClientSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from "./client-session";
import type { StreamView } from "./publication";
import { SharedPayloads } from "./shared-payloads";

export interface StreamHub {
  readonly clientCount: number;
  close(): Promise<void>;
}

/**
 * Socket.IO on the application's HTTP server: a snapshot on the first tick after connect,
 * then coalesced deltas on one clock for every client, from payloads shared by every
 * client of the same view; resync requests are validated, then served by the client's
 * session no more than once a second and never while it has not read the last message.
 */
export function attachStreamHub(
  httpServer: HttpServer,
  source: StreamView,
  logger: Logger,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
): StreamHub {
  const io = new Server<UncheckedClientEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // Browsers only ever send small control messages.
    maxHttpBufferSize: 16 * 1024,
    // Deltas repeat the same account ids and figure names every second: compressed per
    // connection (with the previous messages as context) they cost a fraction of the bytes.
    // Level 1 keeps the CPU per client small; messages under a kilobyte go as they are.
    perMessageDeflate: { threshold: 1024, zlibDeflateOptions: { level: 1 } },
  });
  const sessions = new Set<ClientSession>();
  const payloads = new SharedPayloads(source, logger);

  io.on("connection", (socket) => {
    // The browser sends its view with the handshake, so its first snapshot is the right one.
    const initialView = viewSchema.safeParse((socket.handshake.auth as { view?: unknown } | undefined)?.view);
    // Its snapshot goes out on the next tick, shared with every client that came meanwhile.
    const session = new ClientSession(socket, payloads, logger, limits, initialView.success ? initialView.data : undefined);
    sessions.add(session);

    socket.on(STREAM_EVENTS.resync, (payload: unknown) => {
      const request = resyncRequestSchema.safeParse(payload);
      if (!request.success) {
        logger.warn({ client: socket.id, issues: request.error.issues.length }, "ignoring a malformed resync request");
        return;
      }
      // Logged once per snapshot it will get, however often it asks.
      if (session.requestSnapshot()) logger.info({ client: socket.id, ...request.data }, "client asked for a fresh snapshot");
    });
    socket.on(STREAM_EVENTS.view, (payload: unknown) => {
      const view = viewSchema.safeParse(payload);
      if (!view.success) {
        logger.warn({ client: socket.id, issues: view.error.issues.length }, "ignoring a malformed view change");
        return;
      }
      session.changeView(view.data);
    });
    socket.on("disconnect", () => sessions.delete(session));
  });

  const clock = setInterval(() => {
    const now = Date.now();
    for (const session of sessions) session.flush(now);
  }, 1000 / MAX_DELTAS_PER_SECOND);
  clock.unref();

  return {
    get clientCount() {
      return sessions.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(clock);
        io.close(() => resolve());
      }),
  };
}
