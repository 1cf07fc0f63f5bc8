import { createHmac } from "node:crypto";
import type { Alert } from "@/lib/alerts";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";
import type { Logger } from "@/server/logger";

/** What the webhook receives: one JSON object per raise or clear (README: Alert webhook). */
export interface WebhookEvent {
  /** Unique per event: a receiver that sees it twice (a retry after a lost answer) drops the second. */
  id: string;
  type: "alert.raised" | "alert.cleared";
  /** Epoch ms at which RiskDesk queued the event. */
  at: number;
  alert: Alert;
}

export const SIGNATURE_HEADER = "x-riskdesk-signature";

/** `sha256=<hex HMAC-SHA256 of the body>` with the shared secret. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Events waiting beyond this many: the oldest is dropped (and logged). */
  maxQueued: number;
  /** A POST not answered within this is a failure. */
  timeoutMs: number;
  /** The first retry waits this long, each next one twice as long, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts an event is dropped (and logged). */
  maxAttempts: number;
  now: () => number;
}

const DEFAULT_WEBHOOK_OPTIONS = { maxQueued: 1000, timeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 10, now: Date.now };

export interface WebhookState {
  queued: number;
  delivered: number;
  dropped: number;
  lastError: string | null;
}

/**
 * Posts every alert raise and clear to one URL, signed with a shared secret, one at a time in
 * the order they happened. `notify` only queues, so the engine and the stream never wait for
 * the receiver: a failed or slow POST is retried with exponential backoff from a bounded queue.
 */
export class AlertWebhook {
  readonly #options: WebhookOptions;
  readonly #logger: Logger;
  readonly #queue: Array<{ event: WebhookEvent; attempts: number }> = [];
  #sending = false;
  #retryTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #delivered = 0;
  #dropped = 0;
  #lastError: string | null = null;
  readonly #inFlight = new AbortController();

  constructor(options: Pick<WebhookOptions, "url" | "secret"> & Partial<WebhookOptions>, logger: Logger) {
    this.#options = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
    this.#logger = logger;
  }

  /** Queues the raises and clears among the engine's changes; returns at once. */
  notify(changes: readonly AlertTransition[]): void {
    if (this.#closed) return;
    for (const { change, alert } of changes) {
      if (change !== "raised" && change !== "cleared") continue;
      const type = change === "raised" ? "alert.raised" : "alert.cleared";
      this.#queue.push({ event: { id: `${alert.id}:${change}`, type, at: this.#options.now(), alert }, attempts: 0 });
      // The oldest goes, unless it is being sent.
      if (this.#queue.length > this.#options.maxQueued) this.#drop(this.#queue.splice(this.#sending ? 1 : 0, 1)[0]!.event, "the webhook queue is full");
    }
    this.#sendNext();
  }

  state(): WebhookState {
    return { queued: this.#queue.length, delivered: this.#delivered, dropped: this.#dropped, lastError: this.#lastError };
  }

  /** Stops sending; what is still queued is logged as lost. */
  close(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#inFlight.abort();
    if (this.#queue.length) this.#logger.warn({ queued: this.#queue.length }, "alert webhook closed with events still queued: they are not sent");
  }

  #sendNext(): void {
    if (this.#sending || this.#retryTimer || this.#closed) return;
    const entry = this.#queue[0];
    if (!entry) return;
    this.#sending = true;
    void this.#post(entry.event).then((error) => {
      this.#sending = false;
      if (this.#closed) return;
      if (error === null) {
        this.#queue.shift();
        this.#delivered += 1;
        return this.#sendNext();
      }
      this.#lastError = error;
      entry.attempts += 1;
      if (entry.attempts >= this.#options.maxAttempts) {
        this.#queue.shift();
        this.#drop(entry.event, `${entry.attempts} attempts failed, the last: ${error}`);
        return this.#sendNext();
      }
      const delayMs = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** (entry.attempts - 1));
      this.#logger.warn({ event: entry.event.id, attempt: entry.attempts, retryInMs: delayMs, error }, "alert webhook POST failed: retrying");
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.#sendNext();
      }, delayMs);
      this.#retryTimer.unref();
    });
  }

  /** Null when the receiver answered 2xx, else what went wrong. */
  async #post(event: WebhookEvent): Promise<string | null> {
    const body = JSON.stringify(event);
    try {
      const response = await fetch(this.#options.url, {
        method: "POST",
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature(body, this.#options.secret), "user-agent": "RiskDesk-webhook" },
        body,
        redirect: "error",
        signal: AbortSignal.any([AbortSignal.timeout(this.#options.timeoutMs), this.#inFlight.signal]),
      });
      await response.body?.cancel();
      return response.ok ? null : `the receiver answered ${response.status}`;
    } catch (error) {
      if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${this.#options.timeoutMs} ms`;
      return error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
  }

  #drop(event: WebhookEvent, reason: string): void {
    this.#dropped += 1;
    this.#logger.error({ event: event.id, type: event.type, reason }, "alert webhook event dropped");
  }
}
