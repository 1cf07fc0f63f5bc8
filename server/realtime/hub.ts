import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import {
  MAX_DELTAS_PER_SECOND,
  resyncRequestSchema,
  STREAM_EVENTS,
  viewSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from "@/lib/stream";
import type { Logger } from "@/server/logger";
import { ClientSession } from "./client-session";
import type { StreamView } from "./publication";

export interface StreamHub {
  readonly clientCount: number;
  close(): Promise<void>;
}

/**
 * Socket.IO on the application's HTTP server: a snapshot on connect, then coalesced
 * deltas on one clock for every client; resync requests are validated, then served
 * by the client's session no more than once a second.
 */
export function attachStreamHub(httpServer: HttpServer, source: StreamView, logger: Logger): StreamHub {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    // Browsers only ever send small control messages.
    maxHttpBufferSize: 16 * 1024,
  });
  const sessions = new Set<ClientSession>();

  io.on("connection", (socket) => {
    // The browser sends its view with the handshake, so its first snapshot is the right one.
    const initialView = viewSchema.safeParse((socket.handshake.auth as { view?: unknown } | undefined)?.view);
    const session = new ClientSession(socket, source, initialView.success ? initialView.data : undefined);
    sessions.add(session);
    session.sendSnapshot();

    socket.on(STREAM_EVENTS.resync, (payload: unknown) => {
      const request = resyncRequestSchema.safeParse(payload);
      if (!request.success) {
        logger.warn({ client: socket.id, issues: request.error.issues.length }, "ignoring a malformed resync request");
        return;
      }
      logger.info({ client: socket.id, ...request.data }, "client asked for a fresh snapshot");
      session.requestSnapshot();
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
