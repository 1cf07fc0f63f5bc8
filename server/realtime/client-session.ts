import type { Socket } from "socket.io";
import { DEFAULT_VIEW, STREAM_EVENTS, type ClientToServerEvents, type ServerToClientEvents, type View } from "@/lib/stream";
import type { StreamView } from "./publication";

export type StreamSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** How long a client may take to acknowledge a delta before it is sent a snapshot instead. */
const ACK_TIMEOUT_MS = 10_000;
/** Snapshots are large: one client gets at most one a second, however often it asks. */
const MIN_SNAPSHOT_INTERVAL_MS = 1000;

/**
 * One browser's place in the stream: a snapshot, then numbered deltas. At most one delta
 * is unacknowledged at a time; while it is, changes pile up in the change log and go out
 * together in the next one, so a slow browser receives less often instead of slowing
 * the server or growing a queue.
 */
export class ClientSession {
  private seq = 0;
  private sentRevision = 0;
  private awaitingAck = false;
  private needsSnapshot = false;
  private lastSnapshotAt = -Infinity;

  constructor(
    readonly socket: StreamSocket,
    private readonly source: StreamView,
    /** What the browser said it shows when it connected (DEFAULT_VIEW if it said nothing). */
    private view: View = DEFAULT_VIEW,
  ) {}

  /** The client saw a gap or bad data; it gets a snapshot on a coming flush. */
  requestSnapshot(): void {
    this.needsSnapshot = true;
  }

  /** The client looks at something else now: it gets a snapshot of that on a coming flush. */
  changeView(view: View): void {
    if (view.scope === this.view.scope && view.positions === this.view.positions) return;
    this.view = view;
    this.needsSnapshot = true;
  }

  sendSnapshot(now = Date.now()): void {
    this.needsSnapshot = false;
    this.lastSnapshotAt = now;
    this.sentRevision = this.source.revision;
    this.socket.emit(STREAM_EVENTS.snapshot, { seq: this.seq, ...this.source.snapshot(this.view) });
  }

  /** Called on the hub's clock, at most MAX_DELTAS_PER_SECOND times a second. */
  flush(now = Date.now()): void {
    if (this.awaitingAck) return;
    if (this.needsSnapshot) {
      if (now - this.lastSnapshotAt >= MIN_SNAPSHOT_INTERVAL_MS) this.sendSnapshot(now);
      return;
    }
    if (this.source.revision === this.sentRevision) return;
    const delta = this.source.deltaSince(this.sentRevision, this.view);
    if (!delta) return this.sendSnapshot(now);
    this.sentRevision = this.source.revision;
    this.awaitingAck = true;
    this.socket.timeout(ACK_TIMEOUT_MS).emit(STREAM_EVENTS.delta, { seq: ++this.seq, ...delta }, (error: Error | null) => {
      this.awaitingAck = false;
      if (error) this.needsSnapshot = true;
    });
  }
}
