import type { QueryClient } from "@tanstack/react-query";
import { io, type Socket } from "socket.io-client";
import { decodeMessage, STREAM_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/stream";
import { applyDelta, applySnapshot, disconnected, INITIAL_STREAM_STATE, type StreamOutcome } from "./apply-message";
import { streamQueries, type SocketState } from "./queries";
import type { ViewRequest } from "./view-request";
import { writeStreamState } from "./write-cache";

/**
 * Opens the one Socket.IO connection to the RiskDesk server (same origin) and feeds the
 * query cache from it: the connection's own state, then the snapshot and deltas. Tells
 * the server what this browser looks at on every (re)connect, since a new connection
 * starts from the default view, and whenever that changes. Returns the function that closes it.
 */
export function connectStream(client: QueryClient, views: ViewRequest): () => void {
  // The handshake carries the current view (asked afresh on every reconnect), so the
  // server's first snapshot is already of what this page shows.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth: (send) => send({ view: views.current() }) });
  let state = INITIAL_STREAM_STATE;

  const commit = ({ state: next, resync }: StreamOutcome) => {
    writeStreamState(client, state, next);
    state = next;
    if (resync) socket.emit(STREAM_EVENTS.resync, resync);
  };

  const setSocketState = (status: SocketState["status"], attempt = 0) =>
    client.setQueryData(streamQueries.socket().queryKey, (previous) => ({
      status,
      attempt,
      since: previous?.status === status ? previous.since : Date.now(),
    }));

  socket.on("connect", () => {
    setSocketState("connected");
    socket.emit(STREAM_EVENTS.view, views.current());
  });
  socket.on("connect_error", () => setSocketState("disconnected"));
  socket.io.on("reconnect_attempt", (attempt) => setSocketState("disconnected", attempt));
  socket.on("disconnect", (reason) => {
    commit({ state: disconnected(state), resync: null });
    setSocketState("disconnected");
    // Socket.IO reconnects by itself after failures, but not when the server hung up on purpose.
    if (reason === "io server disconnect") socket.connect();
  });
  const stopViews = views.subscribe((view) => {
    if (socket.connected) socket.emit(STREAM_EVENTS.view, view);
  });

  // Acknowledge even a message that was ignored or rejected: the server holds back
  // everything, including the snapshot we may just have asked for, until we do.
  socket.on(STREAM_EVENTS.snapshot, (seq, body, ack) => {
    commit(applySnapshot(state, decodeMessage(seq, body), Date.now()));
    ack();
  });
  socket.on(STREAM_EVENTS.delta, (seq, body, ack) => {
    commit(applyDelta(state, decodeMessage(seq, body)));
    ack();
  });

  return () => {
    stopViews();
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  };
}
