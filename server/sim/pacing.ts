/**
 * IB's pacing: about 50 client messages a second per connection; TWS answers the excess with
 * error 100 "Max rate of messages per second has been exceeded" and does not serve it. A client
 * that connects with the `+PACEAPI` option is paced instead: the excess waits its turn.
 */
/**
 * Pacing over a sliding window: a message is served while fewer than `max` messages were
 * served in the last `windowMs`; `received` counts every message of the window, served or not
 * (what TWS reports as rec=).
 */
export class RateWindow {
  private times: number[] = [];
  private servedFlags: boolean[] = [];
  private head = 0;
  private servedInWindow = 0;

  constructor(private readonly windowMs: number) {}

  admit(now: number, max: number): { served: boolean; received: number } {
    this.slide(now);
    const served = this.servedInWindow < max;
    this.times.push(now);
    this.servedFlags.push(served);
    if (served) this.servedInWindow++;
    return { served, received: this.times.length - this.head };
  }

  /** Whether a message arriving now would be served (records nothing): +PACEAPI waits for this. */
  hasRoom(now: number, max: number): boolean {
    this.slide(now);
    return this.servedInWindow < max;
  }

  private slide(now: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) {
      if (this.servedFlags[this.head]) this.servedInWindow--;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.servedFlags = this.servedFlags.slice(this.head);
      this.head = 0;
    }
  }
}
