/**
 * Paces every outgoing TWS request of one connection under IB's limit of about 50
 * messages per second: at most `maxPerSecond` sends in any sliding one-second window.
 * Requests wait in priority order, so that start-up sends what matters most first.
 */
export const PRIORITY = { control: 0, high: 1, normal: 2, low: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

export interface PacerOptions {
  maxPerSecond: number;
  now?: () => number;
}

const WINDOW_MS = 1000;

export class RequestPacer {
  private readonly queues: Array<Array<() => void>> = Object.values(PRIORITY).map(() => []);
  /** Send times of the last `maxPerSecond` requests, oldest first (a ring). */
  private readonly sentAt: number[];
  private ringIndex = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PacerOptions) {
    if (!(options.maxPerSecond >= 1)) throw new RangeError("maxPerSecond must be at least 1");
    this.now = options.now ?? Date.now;
    this.sentAt = new Array<number>(Math.floor(options.maxPerSecond)).fill(-Infinity);
  }

  get pending(): number {
    return this.queues.reduce((sum, queue) => sum + queue.length, 0);
  }

  enqueue(send: () => void, priority: Priority = PRIORITY.normal): void {
    this.queues[priority]!.push(send);
    this.drain();
  }

  /** Drops everything waiting, e.g. when the socket closes and the requests are moot. */
  clear(): void {
    for (const queue of this.queues) queue.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drain(): void {
    if (this.timer) return;
    for (;;) {
      const queue = this.queues.find((candidate) => candidate.length > 0);
      if (!queue) return;
      const oldest = this.sentAt[this.ringIndex]!;
      const now = this.now();
      const waitMs = oldest + WINDOW_MS - now;
      if (waitMs > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, waitMs);
        return;
      }
      this.sentAt[this.ringIndex] = now;
      this.ringIndex = (this.ringIndex + 1) % this.sentAt.length;
      queue.shift()!();
    }
  }
}
