/**
 * Paces every outgoing TWS request of one connection under IB's limit of about 50
 * messages per second, evenly: one request every 1/maxPerSecond seconds, with a catch-up
 * of at most a tenth of a second's worth after a late timer. Bursts at each second's
 * start would put two bursts into one of the gateway's windows whenever delivery jitters.
 * Requests wait in priority order, so that start-up sends what matters most first.
 */
export const PRIORITY = { control: 0, high: 1, normal: 2, low: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

export interface PacerOptions {
  maxPerSecond: number;
  now?: () => number;
  /**
   * Called when requests start waiting (before the first of them goes out) and when the
   * last one has gone: until then some figures are older than the link state suggests.
   */
  onWaitingChange?: (waiting: boolean) => void;
}

export class RequestPacer {
  private readonly queues: Array<Array<() => void>> = Object.values(PRIORITY).map(() => []);
  private readonly intervalMs: number;
  private readonly catchUpMs: number;
  private nextSendAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly onWaitingChange: (waiting: boolean) => void;
  private waiting = false;

  constructor(options: PacerOptions) {
    if (!(options.maxPerSecond >= 1)) throw new RangeError("maxPerSecond must be at least 1");
    this.now = options.now ?? Date.now;
    this.onWaitingChange = options.onWaitingChange ?? (() => {});
    this.intervalMs = 1000 / options.maxPerSecond;
    this.catchUpMs = this.intervalMs * Math.max(0, Math.floor(options.maxPerSecond / 10) - 1);
  }

  get pending(): number {
    return this.queues.reduce((sum, queue) => sum + queue.length, 0);
  }

  enqueue(send: () => void, priority: Priority = PRIORITY.normal): void {
    this.queues[priority]!.push(send);
    this.drain();
    this.noteWaiting();
  }

  /** Drops everything waiting, e.g. when the socket closes and the requests are moot. */
  clear(): void {
    for (const queue of this.queues) queue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.noteWaiting();
  }

  private drain(): void {
    if (this.timer) return;
    for (;;) {
      const queue = this.queues.find((candidate) => candidate.length > 0);
      if (!queue) return this.noteWaiting();
      const now = this.now();
      if (now < this.nextSendAt) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, this.nextSendAt - now);
        return;
      }
      this.nextSendAt = Math.max(this.nextSendAt, now - this.catchUpMs) + this.intervalMs;
      queue.shift()!();
    }
  }

  private noteWaiting(): void {
    const waiting = this.pending > 0;
    if (waiting === this.waiting) return;
    this.waiting = waiting;
    this.onWaitingChange(waiting);
  }
}
