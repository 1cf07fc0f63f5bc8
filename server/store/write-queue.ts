import type { StoreState, StoreStatus } from "@/lib/stream";
import type { Logger } from "../logger";
import type { Prisma } from "./generated/sqlite/client";

export type FigureSampleRecord = Prisma.FigureSampleCreateManyInput;
/** An alert episode's state as it is now; written over the row of the same alertId. */
export type AlertRecordEntry = Prisma.AlertCreateManyInput;

export interface WriteBatch {
  samples: FigureSampleRecord[];
  alerts: AlertRecordEntry[];
}

/** Where batches go: one call writes one batch, all or nothing. */
export interface WriteSink {
  write(batch: WriteBatch): Promise<void>;
}

export interface WriteQueueOptions {
  flushIntervalMs: number;
  /** Records per write; a queue this long is written without waiting for the interval. */
  batchSize: number;
  /** Beyond this many records the oldest history samples are dropped; alerts never are. */
  maxQueued: number;
  /** A write still running after this long makes the queue backlogged (a stalled database). */
  stallAfterMs: number;
  /** Epoch ms: times stalls, and says since when the state holds. */
  now: () => number;
}

export const DEFAULT_WRITE_QUEUE_OPTIONS: WriteQueueOptions = {
  flushIntervalMs: 1000,
  batchSize: 1000,
  maxQueued: 100_000,
  stallAfterMs: 10_000,
  now: () => Date.now(),
};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Takes the live path's writes without ever making it wait: records are queued and written in
 * batches off the hot path. While the database fails or stalls the queue grows up to a bound,
 * beyond which the oldest history samples go first; when the database is back the queue drains.
 * An alert waiting to be written is kept once, in its latest state.
 * Its state (lib/stream StoreStatus) goes ok → backlogged (a write stalls) or unreachable (a
 * write fails) → backlogged (writes succeed again, the queue drains) → ok (drained); each change
 * is logged once, a warning with the queue's size when writes stop getting through.
 */
export class WriteQueue {
  readonly #sink: WriteSink;
  readonly #logger: Logger;
  readonly #options: WriteQueueOptions;
  #samples: FigureSampleRecord[] = [];
  /** By alertId: a newer state of the same alert replaces the one waiting. */
  #alerts = new Map<string, AlertRecordEntry>();
  #writing: { startedAt: number; batch: WriteBatch } | null = null;
  #flushing: Promise<void> | null = null;
  #flushSoon: NodeJS.Immediate | null = null;
  #timer: NodeJS.Timeout | null = null;
  #dropped = 0;
  #droppingSinceOk = false;
  #state: StoreState;
  #since: number;
  #lastError: string | null = null;

  constructor(sink: WriteSink, logger: Logger, options: Partial<WriteQueueOptions> = {}) {
    this.#sink = sink;
    this.#logger = logger;
    this.#options = { ...DEFAULT_WRITE_QUEUE_OPTIONS, ...options };
    this.#state = "ok";
    this.#since = this.#options.now();
  }

  /** Flushes on the interval from now on. */
  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
  }

  addSample(sample: FigureSampleRecord): void {
    this.#samples.push(sample);
    this.#keepWithinBound();
    this.#flushWhenFull();
  }

  /** An alert's state now (raised, a new level, acknowledged, cleared). */
  addAlert(record: AlertRecordEntry): void {
    this.#alerts.delete(record.alertId);
    this.#alerts.set(record.alertId, record);
    this.#keepWithinBound();
    this.#flushWhenFull();
  }

  state(): StoreStatus {
    const writing = this.#writing?.batch;
    const queuedAlerts = this.#alerts.size + (writing?.alerts.length ?? 0);
    return {
      state: this.#state,
      queued: this.#samples.length + queuedAlerts + (writing?.samples.length ?? 0),
      queuedAlerts,
      droppedSamples: this.#dropped,
      since: this.#since,
      lastError: this.#lastError,
    };
  }

  /**
   * Writes what is queued, batch after batch, until the queue is empty or a write fails. While
   * a write is still running it only checks whether that write has stalled, and returns it.
   */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#noticeStall();
      return this.#flushing;
    }
    this.#flushing = this.#drain().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** Stops the interval and writes what is left; a stalled database makes this wait for it. */
  async close(): Promise<StoreStatus> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#flushSoon) clearImmediate(this.#flushSoon);
    this.#timer = this.#flushSoon = null;
    await this.flush();
    if (this.#waiting() > 0) await this.flush();
    return this.state();
  }

  async #drain(): Promise<void> {
    const { batchSize, now } = this.#options;
    while (this.#waiting() > 0) {
      const alerts = this.#takeAlerts(batchSize);
      const batch = { alerts, samples: this.#samples.splice(0, batchSize - alerts.length) };
      this.#writing = { startedAt: now(), batch };
      try {
        await this.#sink.write(batch);
      } catch (error) {
        // Back to the front, in their order, for the next attempt.
        this.#samples.unshift(...batch.samples);
        this.#returnAlerts(batch.alerts);
        this.#writing = null;
        this.#keepWithinBound();
        this.#writeFailed(describe(error));
        return;
      }
      this.#writing = null;
      if (this.#state === "unreachable") this.#enter("backlogged", "info", "store writes recovered: draining the queue");
    }
    if (this.#state !== "ok") {
      this.#droppingSinceOk = false;
      this.#enter("ok", "info", "store write queue drained: writes keep up again");
    }
  }

  #waiting(): number {
    return this.#samples.length + this.#alerts.size;
  }

  #takeAlerts(count: number): AlertRecordEntry[] {
    const taken = [...this.#alerts.values()].slice(0, Math.max(0, count));
    for (const record of taken) this.#alerts.delete(record.alertId);
    return taken;
  }

  /** Alerts of a failed write go back, unless a newer state of the same alert came meanwhile. */
  #returnAlerts(records: readonly AlertRecordEntry[]): void {
    const newer = this.#alerts;
    this.#alerts = new Map(records.filter((record) => !newer.has(record.alertId)).map((record) => [record.alertId, record]));
    for (const [id, record] of newer) this.#alerts.set(id, record);
  }

  #flushWhenFull(): void {
    if (this.#flushSoon || this.#flushing || this.#waiting() < this.#options.batchSize) return;
    this.#flushSoon = setImmediate(() => {
      this.#flushSoon = null;
      void this.flush();
    });
  }

  #keepWithinBound(): void {
    const excess = this.state().queued - this.#options.maxQueued;
    const toDrop = Math.min(excess, this.#samples.length);
    if (toDrop <= 0) return;
    this.#samples.splice(0, toDrop);
    this.#dropped += toDrop;
    if (!this.#droppingSinceOk) {
      this.#droppingSinceOk = true;
      this.#logger.warn({ maxQueued: this.#options.maxQueued }, "store write queue full: dropping the oldest history samples");
    }
  }

  #noticeStall(): void {
    const writing = this.#writing;
    if (!writing || this.#state !== "ok") return;
    const runningMs = this.#options.now() - writing.startedAt;
    if (runningMs < this.#options.stallAfterMs) return;
    this.#lastError = `a database write has not finished after ${Math.round(runningMs)} ms`;
    this.#enter("backlogged", "warn", "store write stalled: queueing writes until the database answers");
  }

  #writeFailed(error: string): void {
    this.#lastError = error;
    if (this.#state !== "unreachable") this.#enter("unreachable", "warn", "store writes failing: queueing them until the database is back");
  }

  /** Changes the state and logs it once, with the queue as it stands. */
  #enter(state: StoreState, level: "info" | "warn", message: string): void {
    this.#state = state;
    this.#since = this.#options.now();
    const { queued, queuedAlerts, droppedSamples, lastError } = this.state();
    this.#logger[level]({ store: state, queued, queuedAlerts, droppedSamples, error: lastError }, message);
  }
}
