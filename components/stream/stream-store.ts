import { createStore, type StoreApi } from "zustand/vanilla";
import { INITIAL_STREAM_STATE, type StreamState } from "./apply-message";

/** The browser's own Socket.IO connection to the RiskDesk server. */
export interface SocketState {
  status: "connecting" | "connected" | "disconnected";
  /** Browser epoch ms at which `status` last changed. */
  since: number;
  /** Reconnection attempts since the connection was lost. */
  attempt: number;
}

/**
 * Everything the stream tells this page, in one place: the connection and the risk view
 * rebuilt from its messages. Components read it through selectors (see hooks.ts), and
 * re-render only when the part they select changes by reference.
 */
export interface StreamStoreState {
  socket: SocketState;
  stream: StreamState;
}

export type StreamStore = StoreApi<StreamStoreState>;

/** One per page (not per module), so server rendering never shares a store between requests. */
export function createStreamStore(): StreamStore {
  return createStore<StreamStoreState>()(() => ({
    socket: { status: "connecting", since: 0, attempt: 0 },
    stream: INITIAL_STREAM_STATE,
  }));
}

/** Puts a new stream state in the store; the same state again notifies nobody. */
export function setStreamState(store: StreamStore, stream: StreamState): void {
  if (store.getState().stream !== stream) store.setState({ stream });
}

/** Records the connection's status; `since` moves only when the status does. */
export function setSocketStatus(store: StreamStore, status: SocketState["status"], attempt: number, now: number): void {
  store.setState(({ socket }) => ({ socket: { status, attempt, since: socket.status === status ? socket.since : now } }));
}
