/** A clock whose time moves only when a test advances it; due timers run in time order. */
import type { Clock } from "../clock";

interface Timer {
  dueAt: number;
  order: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private time = 0;
  private order = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { dueAt: this.time + Math.max(0, ms), order: this.order++, callback };
    this.timers.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as Timer);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running each timer that falls due (and those they set) on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((t) => t.dueAt <= end).sort((a, b) => a.dueAt - b.dueAt || a.order - b.order)[0];
      if (!next) break;
      this.timers.delete(next);
      this.time = next.dueAt;
      next.callback();
    }
    this.time = end;
  }
}
