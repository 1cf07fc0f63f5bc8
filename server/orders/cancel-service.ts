import { randomUUID } from "node:crypto";
import { cancelRequestSchema, type CancelProgress, type CancelRequest, type CancelResult, type OrderOutcome, type WorkingOrder } from "@/lib/orders";
import { parseScope, scopeLabel, type Scope } from "@/lib/scope";
import type { FaGroup } from "@/lib/fa";
import type { ControlAction } from "@/lib/audit";
import type { AuditLog, SecurityEvent } from "@/server/auth/audit";
import type { DomainEvent, DomainEventListener } from "@/server/domain/events";
import { IB_CODES, isReadOnlyRefusal } from "@/server/ib/errors";
import type { Logger } from "@/server/logger";
import { cancelRefusal, type CancelActor, type RunningCancel } from "./cancel-guard";
import { orderOutcome, summarise, type OrderTrack } from "./outcome";

/** What the cancel service works with: the IB link (through the collector) and the engine's orders. */
export interface OrderDesk {
  canReachIb(): boolean;
  globalCancel(): void;
  cancelOrder(orderId: number): void;
  /** Lists every open order again; the answer ends with an `ordersListed` event. */
  refreshOpenOrders(): void;
  /** Every working order the engine holds, as of IB's last word. */
  workingOrders(): WorkingOrder[];
  scopeAccounts(scope: Scope): readonly string[];
  accountIds(): readonly string[];
  groups(): readonly FaGroup[];
  aliases(): Readonly<Record<string, string>>;
  onEvent(listener: DomainEventListener): () => void;
}

export interface CancelTimings {
  /** How long IB's list is watched for the orders to go; what is left then is reported still working. */
  verifyTimeoutMs: number;
  /** Pause between two listings of the open orders while verifying. */
  verifyIntervalMs: number;
  /** A listing not ended within this long is asked for again. */
  listingWaitMs: number;
  /** An audit write of a cancel not done within this long fails, so a stalled database cannot hold the cancel lock. */
  auditTimeoutMs: number;
}

export const DEFAULT_CANCEL_TIMINGS: CancelTimings = { verifyTimeoutMs: 20_000, verifyIntervalMs: 500, listingWaitMs: 3000, auditTimeoutMs: 5000 };

type Progress = (progress: CancelProgress) => void;

/** What happens during one cancel, from IB's side. */
interface Watch {
  tracks: Map<string, OrderTrack>;
  /** Every order message IB sent meanwhile, for the audit log. */
  answers: string[];
  readOnly: string | null;
  /** Orders IB said it cannot cancel, or that could not be sent: no point waiting for them. */
  hopeless: Set<string>;
  nextListing: () => Promise<boolean>;
  stop: () => void;
}

/**
 * The guarded, verified, audited cancel. A global cancel sends IB's reqGlobalCancel (every
 * order of the login); a scoped one sends cancelOrder for each working order of one account
 * or FA group. Then IB's own list of open orders is read again until nothing in the scope
 * works or the time is up, and every order is reported cancelled, filled meanwhile or
 * still working. One cancel at a time, whoever asks; every step goes to the audit log, and
 * nothing goes to IB unless the request was written there first.
 */
export class CancelService {
  private running: RunningCancel | null = null;
  private readonly timings: CancelTimings;

  constructor(
    private readonly desk: OrderDesk,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    timings: Partial<CancelTimings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.timings = { ...DEFAULT_CANCEL_TIMINGS, ...timings };
  }

  async cancel(actor: CancelActor, payload: unknown, progress: Progress = () => {}): Promise<CancelResult> {
    const parsed = cancelRequestSchema.safeParse(payload);
    if (!parsed.success) {
      const error = `malformed cancel request: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")}`;
      return this.refuse(actor, { payload: summariseUnknown(payload) }, error);
    }
    const request = parsed.data;
    const { desk } = this;
    const refusal = cancelRefusal(actor, request, {
      running: this.running,
      canReachIb: desk.canReachIb(),
      accountIds: desk.accountIds(),
      groups: desk.groups(),
    });
    if (refusal) return this.refuse(actor, { scope: request.scope, reason: request.reason }, refusal);
    // Taken before the first await: a second request in the same instant finds it running.
    const running = (this.running = { by: actor.name, startedAt: this.now() });
    try {
      return await this.run(actor, request, running.startedAt, progress);
    } finally {
      this.running = null;
    }
  }

  private async run(actor: CancelActor, request: CancelRequest, startedAt: number, progress: Progress): Promise<CancelResult> {
    const { desk } = this;
    const cancelId = randomUUID();
    const scope = parseScope(request.scope);
    const inScope = this.inScope(scope);
    const targets = desk.workingOrders().filter(inScope);
    const base = { cancelId, scope: request.scope, reason: request.reason };
    try {
      await this.record(actor, "orders.cancel.requested", "ok", { ...base, confirmation: request.confirmation, targets: targets.map(brief) });
    } catch (error) {
      this.logger.error({ err: error }, "could not write the cancel request to the audit log; nothing was sent to IB");
      return { ok: false, error: "the audit log could not be written, so nothing was sent to IB: try again, or call IB's trade desk" };
    }
    const watch = this.watch(targets);
    try {
      const sent = this.send(scope, targets, watch);
      await this.record(actor, "orders.cancel.sent", "ok", { ...base, ...sent });
      progress({ cancelId, stage: "sent", message: `${sent.request} sent to IB`, stillWorking: targets.length });

      const verified = await this.verify(cancelId, inScope, watch, progress);
      await this.record(actor, "orders.cancel.answered", watch.readOnly ? "refused" : "ok", { ...base, ibAnswers: watch.answers });

      const working = new Set(desk.workingOrders().filter(inScope).map((order) => order.key));
      const targeted = new Set(targets.map((order) => order.key));
      // A global cancel reaches orders RiskDesk had not seen yet: any still working is reported too.
      const latecomers = desk.workingOrders().filter((order) => inScope(order) && !targeted.has(order.key));
      const orders: OrderOutcome[] = [...targets, ...latecomers].map((order) => orderOutcome(order, watch.tracks.get(order.key), working.has(order.key)));
      const stillWorking = orders.filter((order) => order.outcome === "stillWorking").length;
      const where = scopeLabel(scope, desk.aliases());
      const summary = watch.readOnly
        ? `IB refused the cancel: its API is read-only (${watch.readOnly}). Turn off Read-Only API in TWS or IB Gateway, or call IB's trade desk`
        : !desk.canReachIb()
          ? `the link to IB dropped during the cancel: ${summarise(orders)}. Call IB's trade desk to make sure the orders are cancelled`
          : verified
            ? `${summarise(orders)}; IB lists no working order in ${where}`
            : `${summarise(orders)}; ${stillWorking} still working in ${where}: call IB's trade desk, or use the global cancel`;
      const finishedAt = this.now();
      await this.record(actor, "orders.cancel.verified", watch.readOnly ? "refused" : verified ? "ok" : "incomplete", { ...base, verified, summary, orders });
      this.logger.info({ cancelId, by: actor.name, scope: request.scope, verified, stillWorking }, `order cancel finished: ${summary}`);
      if (watch.readOnly) return { ok: false, error: summary };
      return { ok: true, cancelId, scope: request.scope, verified, summary, orders, startedAt, finishedAt };
    } finally {
      watch.stop();
    }
  }

  /** Sends the cancel; what went out, for the audit log. */
  private send(scope: Scope, targets: readonly WorkingOrder[], watch: Watch): { request: string; orderIds?: number[]; notSent?: string[] } {
    if (scope.kind === "all") {
      this.desk.globalCancel();
      return { request: "reqGlobalCancel" };
    }
    const orderIds: number[] = [];
    const notSent: string[] = [];
    const sharedIds = sharedOrderIds(this.desk.workingOrders());
    const notSendable = (order: WorkingOrder, why: string) => {
      notSent.push(order.key);
      this.trackOf(watch, order).answers.push(`not sent: ${why}`);
      watch.hopeless.add(order.key);
    };
    for (const order of targets) {
      // An order typed in TWS has no API order id to cancel it by.
      if (order.orderId <= 0) {
        notSendable(order, "an order typed in TWS has no API order id; only a global cancel or TWS itself can cancel it");
        continue;
      }
      // Order ids are per client id: cancelOrder by a shared id could reach the other client's order, outside the scope.
      if (sharedIds.has(order.orderId)) {
        notSendable(order, "ambiguous order id shared with another client's order; cancel it in TWS or with the global cancel");
        continue;
      }
      this.desk.cancelOrder(order.orderId);
      orderIds.push(order.orderId);
    }
    return notSent.length ? { request: "cancelOrder", orderIds, notSent } : { request: "cancelOrder", orderIds };
  }

  /** Reads IB's open orders again and again until none in the scope works, IB refuses, the link drops, or time is up. */
  private async verify(cancelId: string, inScope: (order: WorkingOrder) => boolean, watch: Watch, progress: Progress): Promise<boolean> {
    const { desk, timings } = this;
    const deadline = this.now() + timings.verifyTimeoutMs;
    while (this.now() < deadline) {
      await delay(Math.min(timings.verifyIntervalMs, Math.max(0, deadline - this.now())));
      if (watch.readOnly || !desk.canReachIb()) return false;
      const listing = watch.nextListing();
      desk.refreshOpenOrders();
      if (!(await listing)) continue;
      const workingOrders = desk.workingOrders().filter(inScope);
      const working = workingOrders.length;
      if (working === 0) return true;
      if (workingOrders.every((order) => watch.hopeless.has(order.key))) return false;
      progress({ cancelId, stage: "verifying", message: `${working} order${working === 1 ? "" : "s"} still working at IB`, stillWorking: working });
    }
    return false;
  }

  private watch(targets: readonly WorkingOrder[]): Watch {
    const byOrderId = new Map<number, WorkingOrder[]>();
    for (const order of targets) byOrderId.set(order.orderId, [...(byOrderId.get(order.orderId) ?? []), order]);
    const watch: Watch = { tracks: new Map(), answers: [], readOnly: null, hopeless: new Set(), nextListing: () => Promise.resolve(false), stop: () => {} };
    const listingWaiters = new Set<() => void>();
    const onEvent = (event: DomainEvent) => {
      if (event.type === "order") this.note(watch, event.order.key, event.order.status, event.order.filled);
      else if (event.type === "orderStatus") this.note(watch, event.key, event.status, event.filled);
      else if (event.type === "ordersListed") for (const resolve of listingWaiters) resolve();
      else if (event.type === "ibMessage" && (event.severity === "order" || isReadOnlyRefusal(event.code, event.message))) {
        const answer = `${event.code} ${event.message}`;
        watch.answers.push(event.reqId === null ? answer : `order ${event.reqId}: ${answer}`);
        if (isReadOnlyRefusal(event.code, event.message)) watch.readOnly = event.message;
        // Order ids are per client: every target with this id hears it.
        for (const order of event.reqId === null ? [] : (byOrderId.get(event.reqId) ?? [])) {
          this.trackOf(watch, order).answers.push(answer);
          // Only a refusal ends the wait: 161, 399 or a warning may come while the cancel still goes through.
          if (cancelRefused(event.code, event.message)) watch.hopeless.add(order.key);
        }
      }
    };
    const unsubscribe = this.desk.onEvent(onEvent);
    watch.nextListing = () =>
      new Promise<boolean>((resolve) => {
        const done = (listed: boolean) => {
          clearTimeout(timer);
          listingWaiters.delete(onListed);
          resolve(listed);
        };
        const onListed = () => done(true);
        const timer = setTimeout(() => done(false), this.timings.listingWaitMs);
        listingWaiters.add(onListed);
      });
    watch.stop = () => {
      unsubscribe();
      for (const resolve of listingWaiters) resolve();
    };
    return watch;
  }

  private note(watch: Watch, key: string, status: string, filled: number): void {
    const track = watch.tracks.get(key);
    if (track) Object.assign(track, { status, filled });
    else watch.tracks.set(key, { status, filled, answers: [] });
  }

  private trackOf(watch: Watch, order: WorkingOrder): OrderTrack {
    let track = watch.tracks.get(order.key);
    if (!track) watch.tracks.set(order.key, (track = { status: order.status, filled: order.filled, answers: [] }));
    return track;
  }

  private inScope(scope: Scope): (order: WorkingOrder) => boolean {
    if (scope.kind === "all") return () => true;
    const accounts = new Set(this.desk.scopeAccounts(scope));
    return (order) => accounts.has(order.account) || (scope.kind === "group" && order.faGroup === scope.name);
  }

  private async refuse(actor: CancelActor, details: Record<string, unknown>, error: string): Promise<CancelResult> {
    this.logger.warn({ by: actor.name, role: actor.role, address: actor.address, ...details }, `order cancel refused: ${error}`);
    await this.record(actor, "orders.cancel.refused", "refused", { ...details, refusal: error }).catch((failure: unknown) =>
      this.logger.error({ err: failure }, "could not write a refused cancel to the audit log"),
    );
    return { ok: false, error };
  }

  private record(actor: CancelActor, action: ControlAction, outcome: SecurityEvent["outcome"], details: Record<string, unknown>): Promise<void> {
    const write = this.audit({ actor: actor.name, address: actor.address, action, outcome, details: { role: actor.role, ...details } });
    return withTimeout(write, this.timings.auditTimeoutMs, `the audit log did not answer within ${this.timings.auditTimeoutMs} ms`);
  }
}

const brief = (order: WorkingOrder) => ({
  key: order.key,
  account: order.account,
  symbol: order.symbol,
  side: order.side,
  quantity: order.quantity,
  filled: order.filled,
  clientId: order.clientId,
  orderId: order.orderId,
  permId: order.permId,
  status: order.status,
});

/** Order ids held by more than one working order (of different client ids). */
function sharedOrderIds(orders: readonly WorkingOrder[]): Set<number> {
  const seen = new Set<number>();
  const shared = new Set<number>();
  for (const { orderId } of orders) {
    if (seen.has(orderId)) shared.add(orderId);
    seen.add(orderId);
  }
  return shared;
}

const cancelRefused = (code: number, message: string): boolean =>
  code === IB_CODES.cancelNotFound || code === IB_CODES.cannotCancel || isReadOnlyRefusal(code, message);

function withTimeout(work: Promise<void>, ms: number, failure: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(failure)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A hostile payload, bounded for the audit log. */
function summariseUnknown(payload: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? String(payload);
  } catch {
    text = String(payload);
  }
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}
