import type { Socket } from "socket.io";
import { DEFAULT_VIEW, STREAM_EVENTS, viewKey, type ServerToClientEvents, type UncheckedClientEvents, type View } from "@/lib/stream";
import type { Logger } from "@/server/logger";
import { bufferedBytes, discardConnection } from "./engine-connection";
import type { SharedPayloads } from "./shared-payloads";

export type StreamSocket = Socket<UncheckedClientEvents, ServerToClientEvents>;

/** How a session treats a client that reads slowly or not at all. */
export interface SessionLimits {
  /** How long a client may take to acknowledge a delta before it is sent a snapshot instead. */
  deltaAckTimeoutMs: number;
  /** A client that has not acknowledged a snapshot this long is not reading: it is dropped. */
  snapshotAckTimeoutMs: number;
  /** Snapshots are large: one client gets at most one this often, however often it asks. */
  minSnapshotIntervalMs: number;
  /** Bytes this process may hold for a client that does not take them; beyond, it is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  deltaAckTimeoutMs: 10_000,
  snapshotAckTimeoutMs: 30_000,
  minSnapshotIntervalMs: 1000,
  maxBufferedBytes: 32 * 2 ** 20,
};

/**
 * One browser's place in the stream: a snapshot, then numbered deltas. At most one message
 * is unacknowledged at a time; while it is, changes pile up in the change log and go out
 * together in the next delta, and a requested snapshot waits, so a slow browser receives
 * less often instead of slowing the server or growing a queue. One that stops reading is
 * dropped, and what was queued for it is freed with its connection.
 */
export class ClientSession {
  private seq = 0;
  private sentRevision = 0;
  private awaitingAck = false;
  private needsSnapshot = true;
  private lastSnapshotAt = -Infinity;
  private dropped = false;

  constructor(
    readonly socket: StreamSocket,
    private readonly payloads: SharedPayloads,
    private readonly logger: Logger,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    /** What the browser said it shows when it connected (DEFAULT_VIEW if it said nothing). */
    private view: View = DEFAULT_VIEW,
  ) {}

  /** The client saw a gap or bad data; it gets a snapshot on a coming flush. False if one was already due. */
  requestSnapshot(): boolean {
    if (this.needsSnapshot) return false;
    this.needsSnapshot = true;
    return true;
  }

  /** The client looks at something else now: it gets a snapshot of that on a coming flush. */
  changeView(view: View): void {
    if (viewKey(view) === viewKey(this.view)) return;
    this.view = view;
    this.needsSnapshot = true;
  }

  /** Called on the hub's clock, at most MAX_DELTAS_PER_SECOND times a second. */
  flush(now = Date.now()): void {
    if (this.dropped) return;
    const buffered = bufferedBytes(this.socket);
    if (buffered > this.limits.maxBufferedBytes) return this.drop("its unread data passed the buffer limit", { bufferedBytes: buffered });
    if (this.awaitingAck) return;
    if (this.needsSnapshot) return this.sendSnapshot(now);
    if (this.payloads.revision === this.sentRevision) return;
    const revision = this.payloads.revision;
    const delta = this.payloads.delta(this.sentRevision, this.view);
    if (delta === "snapshot") {
      this.needsSnapshot = true;
      return this.sendSnapshot(now);
    }
    this.sentRevision = revision;
    this.send(STREAM_EVENTS.delta, ++this.seq, delta, this.limits.deltaAckTimeoutMs, (timedOut) => {
      if (timedOut) this.needsSnapshot = true;
    });
  }

  private sendSnapshot(now: number): void {
    if (now - this.lastSnapshotAt < this.limits.minSnapshotIntervalMs) return;
    const snapshot = this.payloads.snapshot(this.view);
    // A snapshot that failed its schema is retried on a later flush, at the snapshot pace.
    this.lastSnapshotAt = now;
    if (!snapshot) return;
    this.needsSnapshot = false;
    this.sentRevision = snapshot.revision;
    this.send(STREAM_EVENTS.snapshot, this.seq, snapshot.bytes, this.limits.snapshotAckTimeoutMs, (timedOut) => {
      if (timedOut) this.drop("it did not read its snapshot", { timeoutMs: this.limits.snapshotAckTimeoutMs });
    });
  }

  private send(
    event: typeof STREAM_EVENTS.snapshot | typeof STREAM_EVENTS.delta,
    seq: number,
    body: Uint8Array,
    timeoutMs: number,
    onAck: (timedOut: boolean) => void,
  ): void {
    this.awaitingAck = true;
    // Deltas are compressed (they repeat ids and names every second); a snapshot goes as it
    // is, once per client: deflating it for each of a crowd connecting at once costs more CPU
    // than the bytes are worth.
    this.socket.compress(event === STREAM_EVENTS.delta).timeout(timeoutMs).emit(event, seq, body, (error: Error | null) => {
      this.awaitingAck = false;
      onAck(error !== null);
    });
  }

  private drop(reason: string, details: Record<string, number>): void {
    this.dropped = true;
    this.logger.warn({ client: this.socket.id, ...details }, `dropping a stream client: ${reason}`);
    discardConnection(this.socket);
  }
}
