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
import type { AuditLog } from "@/server/auth/audit";
import type { Logger } from "@/server/logger";
import { acknowledgementRateWindows, alertAcknowledgementHandler, listenForAlertAcknowledgements, type AcknowledgeAlert } from "./alert-acknowledgement";
import { ClientSession, DEFAULT_SESSION_LIMITS, type SessionLimits } from "./client-session";
import { discardConnection } from "./engine-connection";
import { GrantedView } from "./granted-view";
import { cancelRateWindows, listenForOrderCommands, type OrderCommands } from "./order-commands";
import type { GrantableView } from "./publication";
import { SharedPayloads } from "./shared-payloads";
import { SESSION_RECHECK_INTERVAL_MS, type StreamAccess, type Viewer } from "./stream-access";

export interface StreamHub {
  readonly clientCount: number;
  /** Drops the sockets whose session has ended (logout, a new password, role or grants). */
  recheckSessions(): Promise<void>;
  close(): Promise<void>;
}

/** What the hub needs to take acknowledgements: the engine's door for them and the audit log. */
export interface AlertActions {
  acknowledge: AcknowledgeAlert;
  audit: AuditLog;
}

/** What a socket may ask the server to do, for those whose role allows it. A hub without one refuses it. */
export interface StreamControls {
  alerts?: AlertActions;
  /** Order cancels. */
  orders?: OrderCommands;
}

/**
 * Socket.IO on the application's HTTP server: a snapshot on the first tick after connect,
 * then coalesced deltas on one clock for every client, from payloads shared by every
 * client of the same view; resync requests are validated, then served by the client's
 * session no more than once a second and never while it has not read the last message.
 * With `access`, a socket opens only with a live session from RiskDesk's own origin, a
 * limited user is sent only what its grants cover, and a socket whose session ends is dropped.
 * With `controls`, risk managers and admins acknowledge alerts and cancel orders through their socket.
 */
export function attachStreamHub(
  httpServer: HttpServer,
  source: GrantableView,
  logger: Logger,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  access?: StreamAccess,
  { alerts, orders }: StreamControls = {},
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
  const sessions = new Map<ClientSession, Viewer | null>();
  const payloads = new SharedPayloads(source, logger);
  /** Payloads per set of grants, shared by every user limited to the same accounts. */
  const grantedPayloads = new Map<string, SharedPayloads>();
  const payloadsFor = (viewer: Viewer | null): SharedPayloads => {
    if (!viewer?.grants.length) return payloads;
    const key = JSON.stringify(viewer.grants);
    let shared = grantedPayloads.get(key);
    if (!shared) grantedPayloads.set(key, (shared = new SharedPayloads(new GrantedView(source, viewer.grants), logger)));
    return shared;
  };

  if (access) {
    io.use((socket, next) => {
      access.admit(socket.request).then(
        (viewer) => {
          if (!viewer) return next(new Error("unauthorized: log in first"));
          (socket.data as { viewer?: Viewer }).viewer = viewer;
          next();
        },
        (error: unknown) => {
          logger.error({ err: error }, "could not check a stream client's session");
          next(new Error("unauthorized: the session could not be checked"));
        },
      );
    });
  }

  const acknowledgeAlert = alerts && alertAcknowledgementHandler({ source, ...alerts, logger });
  // Control requests are limited per user across all its sockets, not per socket.
  const acknowledgementWindows = acknowledgementRateWindows();
  const cancelWindows = cancelRateWindows();

  const recheckSessions = async (): Promise<void> => {
    if (!access) return;
    const viewed = [...sessions].filter((entry): entry is [ClientSession, Viewer] => entry[1] !== null);
    if (!viewed.length) return;
    const versions = await access.sessionVersions([...new Set(viewed.map(([, viewer]) => viewer.userId))]);
    for (const [session, viewer] of viewed) {
      if (versions.get(viewer.userId) === viewer.sessionVersion) continue;
      logger.info({ client: session.socket.id, user: viewer.name }, "dropping a stream client: its session ended");
      sessions.delete(session);
      discardConnection(session.socket);
    }
  };
  const recheckInBackground = () => void recheckSessions().catch((error: unknown) => logger.error({ err: error }, "could not recheck the stream's sessions"));
  access?.onSessionsEnded(recheckInBackground);
  const recheckClock = access ? setInterval(recheckInBackground, SESSION_RECHECK_INTERVAL_MS) : undefined;
  recheckClock?.unref();

  io.on("connection", (socket) => {
    const viewer = (socket.data as { viewer?: Viewer }).viewer ?? null;
    // The browser sends its view with the handshake, so its first snapshot is the right one.
    const initialView = viewSchema.safeParse((socket.handshake.auth as { view?: unknown } | undefined)?.view);
    // Its snapshot goes out on the next tick, shared with every client that came meanwhile.
    const session = new ClientSession(socket, payloadsFor(viewer), logger, limits, initialView.success ? initialView.data : undefined);
    sessions.set(session, viewer);

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
    listenForAlertAcknowledgements(socket, viewer, acknowledgeAlert, acknowledgementWindows, logger);
    if (orders) listenForOrderCommands(socket, viewer, orders, cancelWindows, logger);
    socket.on("disconnect", () => sessions.delete(session));
  });

  const clock = setInterval(() => {
    const now = Date.now();
    for (const session of sessions.keys()) session.flush(now);
  }, 1000 / MAX_DELTAS_PER_SECOND);
  clock.unref();

  return {
    get clientCount() {
      return sessions.size;
    },
    recheckSessions,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(clock);
        clearInterval(recheckClock);
        io.close(() => resolve());
      }),
  };
}
