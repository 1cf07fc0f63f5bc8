import type { Viewer } from "./stream-access";

/** At most `limit` events per fixed window of `windowMs`. */
export class RateWindow {
  private windowStart = -Infinity;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  admit(now: number): boolean {
    if (this.over(now)) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count <= this.limit;
  }

  /** Whether the current window has ended: nothing admitted in it counts any longer. */
  over(now: number): boolean {
    return now - this.windowStart >= this.windowMs;
  }
}

/**
 * How many control requests each requester may make: one window per user, shared by all its
 * sockets (opening more sockets buys no more requests); a socket without a user has its own.
 */
export class RateWindows {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  admit(requester: { viewer: Viewer | null; socketId: string }, now: number): boolean {
    const key = requester.viewer ? `user:${requester.viewer.userId}` : `socket:${requester.socketId}`;
    let window = this.windows.get(key);
    if (!window) {
      // Windows that ended hold nothing: dropped here, so the map holds only recent requesters.
      for (const [stale, old] of this.windows) if (old.over(now)) this.windows.delete(stale);
      window = new RateWindow(this.limit, this.windowMs);
      this.windows.set(key, window);
    }
    return window.admit(now);
  }
}
