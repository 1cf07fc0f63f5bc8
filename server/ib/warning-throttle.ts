import type { Logger } from "@/server/logger";

export interface WarningThrottleOptions {
  windowMs?: number;
  /** Warnings logged per window, all keys together. */
  maxPerWindow?: number;
}

/**
 * Logs a warning at most once per key per window, and at most `maxPerWindow` warnings per
 * window in all, so a gateway that repeats (or varies) bad data cannot flood the log. What
 * it held back is counted and reported when the next window opens.
 */
export class WarningThrottle {
  private readonly windowMs: number;
  private readonly maxPerWindow: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly loggedKeys = new Set<string>();
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
    { windowMs = 60_000, maxPerWindow = 50 }: WarningThrottleOptions = {},
  ) {
    this.windowMs = windowMs;
    this.maxPerWindow = maxPerWindow;
  }

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const at = this.now();
    if (at - this.windowStart >= this.windowMs) this.openWindow(at);
    if (this.loggedKeys.has(key) || this.loggedKeys.size >= this.maxPerWindow) {
      this.suppressed += 1;
      return;
    }
    this.loggedKeys.add(key);
    this.logger.warn(fields, message);
  }

  private openWindow(at: number): void {
    if (this.suppressed > 0) {
      this.logger.warn({ suppressed: this.suppressed, windowMs: this.windowMs }, "repeated warnings were held back");
    }
    this.windowStart = at;
    this.loggedKeys.clear();
    this.suppressed = 0;
  }
}
