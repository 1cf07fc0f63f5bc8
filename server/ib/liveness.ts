export interface LivenessOptions {
  /** After this long without a message on a ready link, the gateway is asked for the time. */
  heartbeatAfterMs: number;
  /** A probe unanswered this long means the link is dead. */
  probeTimeoutMs: number;
  /** How often the watchdog ticks; a tick later than this found the event loop stalled. */
  tickMs: number;
}

export interface LivenessCheck {
  /** wait: nothing to do; probe: ask the gateway for the time; drop: the link is dead. */
  verdict: "wait" | "probe" | "drop";
  /** How much later than due this tick ran: RiskDesk's own stall, not counted as silence. */
  stalledMs: number;
}

/**
 * Judges the gateway's silence by the time RiskDesk was listening, never by its own
 * stalls: each watchdog tick counts at most one tick's worth of silence, however late it
 * runs, and a late tick never drops the link by itself (the next one, after the socket
 * has been read, decides), so a loop blocked for seconds (by a crowd of browsers, a large
 * snapshot, a GC) cannot turn an answer still waiting in the socket, or a probe still
 * waiting to be written, into a dead link. Pure: the caller passes the time.
 */
export class LivenessWatch {
  private lastTickAt = 0;
  private heardAt = -Infinity;
  private silentMs = 0;
  /** Listening time since the probe went out; null when no probe is out. */
  private probeWaitedMs: number | null = null;
  /** A drop was due on a late tick and put off once; the next due drop stands. */
  private dropPutOff = false;

  constructor(private readonly options: LivenessOptions) {}

  /** A session starts: nothing heard yet, no probe out. */
  reset(now: number): void {
    this.lastTickAt = now;
    this.heardAt = now;
    this.silentMs = 0;
    this.probeWaitedMs = null;
    this.dropPutOff = false;
  }

  /** Any message from the gateway proves it alive and answers an outstanding probe. */
  heard(now: number): void {
    this.heardAt = now;
    this.silentMs = 0;
    this.probeWaitedMs = null;
    this.dropPutOff = false;
  }

  tick(now: number): LivenessCheck {
    const { heartbeatAfterMs, probeTimeoutMs, tickMs } = this.options;
    const elapsed = Math.max(0, now - this.lastTickAt);
    const stalledMs = Math.max(0, elapsed - tickMs);
    const listenedMs = Math.min(elapsed, tickMs, Math.max(0, now - this.heardAt));
    this.lastTickAt = now;
    if (this.probeWaitedMs !== null) {
      this.probeWaitedMs += listenedMs;
      if (this.probeWaitedMs < probeTimeoutMs) return { verdict: "wait", stalledMs };
      // Under sustained overload every tick is late: put a drop off once, not for ever.
      if (stalledMs > tickMs / 2 && !this.dropPutOff) {
        this.dropPutOff = true;
        return { verdict: "wait", stalledMs };
      }
      return { verdict: "drop", stalledMs };
    }
    this.silentMs += listenedMs;
    if (this.silentMs < heartbeatAfterMs) return { verdict: "wait", stalledMs };
    this.probeWaitedMs = 0;
    return { verdict: "probe", stalledMs };
  }
}
