import { io, type Socket } from "socket.io-client";
import { goToLogin } from "@/components/auth/go-to-login";
import { decodeMessage, STREAM_EVENTS, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from "@/lib/stream";
import { applyDelta, applySnapshot, disconnected, type StreamOutcome } from "./apply-message";
import type { StreamCommands } from "./stream-commands";
import { setSocketStatus, setStreamState, type SocketState, type StreamStore } from "./stream-store";
import type { ViewRequest } from "./view-request";

/**
 * Opens the one Socket.IO connection to the RiskDesk server (same origin) and feeds the
 * stream store from it: the connection's own state, then the snapshot and deltas. Tells
 * the server what this browser looks at on every (re)connect, since a new connection
 * starts from the default view, and whenever that changes. `actions` send through it while
 * it is open. Returns the function that closes it.
 */
export function connectStream(store: StreamStore, views: ViewRequest, commands: StreamCommands): () => void {
  // The handshake carries the current view (asked afresh on every reconnect), so the
  // server's first snapshot is already of what this page shows.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: (send) => send({ view: views.current() } satisfies HandshakeAuth),
  });
  const stream = () => store.getState().stream;
  const detachCommands = commands.attach(socket);

  const commit = ({ state, resync }: StreamOutcome) => {
    setStreamState(store, state);
    if (resync) socket.emit(STREAM_EVENTS.resync, resync);
  };
  const setStatus = (status: SocketState["status"], attempt = 0) => setSocketStatus(store, status, attempt, Date.now());

  socket.on("connect", () => {
    setStatus("connected");
    socket.emit(STREAM_EVENTS.view, views.current());
  });
  socket.on("connect_error", (error) => {
    // No session, or it ended (logout, a new password, role or grants).
    if (error.message.startsWith("unauthorized")) return goToLogin({ comeBack: true });
    setStatus("disconnected");
  });
  socket.io.on("reconnect_attempt", (attempt) => setStatus("disconnected", attempt));
  socket.on("disconnect", (reason) => {
    setStreamState(store, disconnected(stream()));
    setStatus("disconnected");
    // Socket.IO reconnects by itself after failures, but not when the server hung up on purpose.
    if (reason === "io server disconnect") socket.connect();
  });
  const stopViews = views.subscribe((view) => {
    if (socket.connected) socket.emit(STREAM_EVENTS.view, view);
  });

  // Acknowledge even a message that was ignored or rejected: the server holds back
  // everything, including the snapshot we may just have asked for, until we do.
  socket.on(STREAM_EVENTS.snapshot, (seq, body, ack) => {
    commit(applySnapshot(stream(), decodeMessage(seq, body), Date.now()));
    ack();
  });
  socket.on(STREAM_EVENTS.delta, (seq, body, ack) => {
    commit(applyDelta(stream(), decodeMessage(seq, body)));
    ack();
  });

  return () => {
    detachCommands();
    stopViews();
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  };
}
