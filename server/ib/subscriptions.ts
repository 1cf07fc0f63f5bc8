import type { IbMessage } from "./connection";
import { PRIORITY, type Priority, type RequestPacer } from "./pacer";

/** One standing TWS request that must live as long as RiskDesk wants its data. */
export interface Subscription {
  /** Unique and stable across sessions, e.g. `pnl:DU1000001`. */
  readonly key: string;
  readonly priority: Priority;
  start(reqId: number): void;
  stop(reqId: number): void;
  /** IB refused or ended the request. */
  onError?(message: IbMessage): void;
}

/**
 * The live subscriptions of the connection. Each gets a fresh request id whenever a
 * session starts (a new socket or IB's 1101 "data lost"), so a late reply to an old id
 * can never land on a new subscription. Every request goes out through the pacer.
 */
export class SubscriptionRegistry {
  private readonly live = new Map<string, Subscription>();
  private readonly reqIdByKey = new Map<string, number>();
  private readonly byReqId = new Map<number, Subscription>();
  /** Request ids whose start has actually gone out (a queued start may never go). */
  private readonly started = new Set<number>();
  private lastReqId = 0;
  private sessionOpen = false;

  constructor(private readonly pacer: RequestPacer) {}

  lookup(reqId: number): Subscription | undefined {
    return this.byReqId.get(reqId);
  }

  add(subscription: Subscription): void {
    if (this.live.has(subscription.key)) return;
    this.live.set(subscription.key, subscription);
    if (this.sessionOpen) this.send(subscription);
  }

  remove(key: string): void {
    const subscription = this.live.get(key);
    if (!subscription) return;
    this.live.delete(key);
    const reqId = this.reqIdByKey.get(key);
    if (reqId === undefined) return;
    this.reqIdByKey.delete(key);
    this.byReqId.delete(reqId);
    this.stopIfStarted(subscription, reqId);
  }

  /**
   * A session is ready and keeps none of our data: send every live subscription afresh.
   * On the same socket (1101) the old requests are cancelled first, so IB's per-type
   * limits (two account summaries at once) are not exceeded by duplicates.
   */
  startSession(): void {
    if (this.sessionOpen) {
      for (const [key, reqId] of this.reqIdByKey) this.stopIfStarted(this.live.get(key)!, reqId);
    }
    this.forgetRequests();
    this.sessionOpen = true;
    for (const subscription of this.live.values()) this.send(subscription);
  }

  /** The socket closed: the requests died with it, and nothing queued should go out. */
  endSession(): void {
    this.sessionOpen = false;
    this.pacer.clear();
    this.forgetRequests();
  }

  /** Hands a request failure to its subscription; false when the reqId is not ours. */
  routeError(message: IbMessage): boolean {
    if (message.reqId === null) return false;
    const subscription = this.byReqId.get(message.reqId);
    if (!subscription) return false;
    subscription.onError?.(message);
    return true;
  }

  private send(subscription: Subscription): void {
    const reqId = ++this.lastReqId;
    this.reqIdByKey.set(subscription.key, reqId);
    this.byReqId.set(reqId, subscription);
    // By the time the pacer gets to it, the request may have been removed or superseded.
    this.pacer.enqueue(() => {
      if (this.byReqId.get(reqId) !== subscription) return;
      this.started.add(reqId);
      subscription.start(reqId);
    }, subscription.priority);
  }

  /** Cancels a request at IB only if it went out; one still queued simply never will. */
  private stopIfStarted(subscription: Subscription, reqId: number): void {
    if (!this.sessionOpen || !this.started.delete(reqId)) return;
    this.pacer.enqueue(() => subscription.stop(reqId), PRIORITY.control);
  }

  private forgetRequests(): void {
    this.reqIdByKey.clear();
    this.byReqId.clear();
    this.started.clear();
  }
}

/** What a standing request is about, and the TWS calls that start and stop it. */
export interface StandingRequestSpec<Target> {
  /** The kind of request, e.g. `pnl`; with `id` it makes the key. */
  kind: string;
  /** What it is about, unique within its kind: an account, a position key, `All`. */
  id: string;
  /** Handed to the replies' handler through `targetOf` (an account, a position). */
  target: Target;
  priority: Priority;
  start(reqId: number): void;
  stop(reqId: number): void;
  /** IB refused or ended the request. */
  onRefused(message: IbMessage): void;
}

/**
 * The one shape of every TWS subscription the feeds make: replies find theirs with
 * `targetOf(registry, kind, reqId)`.
 */
export class StandingRequest<Target> implements Subscription {
  readonly key: string;
  readonly priority: Priority;

  constructor(readonly spec: StandingRequestSpec<Target>) {
    this.key = StandingRequest.keyOf(spec.kind, spec.id);
    this.priority = spec.priority;
  }

  static keyOf(kind: string, id: string): string {
    return `${kind}:${id}`;
  }

  start(reqId: number): void {
    this.spec.start(reqId);
  }

  stop(reqId: number): void {
    this.spec.stop(reqId);
  }

  onError(message: IbMessage): void {
    this.spec.onRefused(message);
  }
}

/** The target of the standing request of `kind` that `reqId` belongs to, if it is one. */
export function targetOf<Target>(registry: SubscriptionRegistry, kind: string, reqId: number): Target | undefined {
  const subscription = registry.lookup(reqId);
  return subscription instanceof StandingRequest && subscription.spec.kind === kind ? (subscription.spec.target as Target) : undefined;
}
