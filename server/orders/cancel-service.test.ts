import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isWorkingStatus, type CancelResult, type WorkingOrder } from "@/lib/orders";
import { scopeAccounts, type Scope } from "@/lib/scope";
import { testOrder } from "@/lib/testing/order";
import type { SecurityEvent } from "@/server/auth/audit";
import type { DomainEvent, DomainEventListener } from "@/server/domain/events";
import { testLogger } from "@/server/testing/silent-logger";
import type { CancelActor } from "./cancel-guard";
import { CancelService, type OrderDesk } from "./cancel-service";
import { classifyOutcome } from "./outcome";

const GROUPS = [{ name: "Growth", accounts: ["DU1", "DU2"], method: "NetLiq" }];

const order = (account: string, permId: number, orderId = permId, clientId = 1): WorkingOrder => testOrder(account, permId, { orderId, clientId });

/**
 * A stand-in for the collector and engine: orders IB holds, answering cancels and listings
 * the way IB does (a status per order, 202, then the list without them). What it does with
 * each order on a cancel is set per test.
 */
class FakeDesk implements OrderDesk {
  readonly orders = new Map<string, WorkingOrder>();
  readonly sent: string[] = [];
  link = true;
  onCancel: (order: WorkingOrder) => "Cancelled" | "Filled" | "ignore" = () => "Cancelled";
  readOnly = false;
  private readonly listeners = new Set<DomainEventListener>();

  constructor(orders: WorkingOrder[]) {
    for (const o of orders) this.orders.set(o.key, o);
  }

  canReachIb = () => this.link;
  globalCancel = () => {
    this.sent.push("reqGlobalCancel");
    this.answer([...this.orders.values()]);
  };
  cancelOrder = (orderId: number) => {
    this.sent.push(`cancelOrder ${orderId}`);
    this.answer([...this.orders.values()].filter((o) => o.orderId === orderId));
  };
  refreshOpenOrders = () => setImmediate(() => this.emit({ type: "ordersListed", keys: [...this.orders.keys()], reconciliation: null, at: 0 }));
  workingOrders = () => [...this.orders.values()];
  scopeAccounts = (scope: Scope) => scopeAccounts(scope, this.accountIds(), GROUPS);
  accountIds = () => ["DU1", "DU2", "DU3"];
  groups = () => GROUPS;
  aliases = () => ({});
  onEvent = (listener: DomainEventListener) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private answer(orders: WorkingOrder[]): void {
    setImmediate(() => {
      if (this.readOnly) {
        return this.emit({ type: "ibMessage", code: 321, message: "Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode.", reqId: null, severity: "order", at: 0 });
      }
      for (const o of orders) {
        const status = this.onCancel(o);
        if (status === "ignore") continue;
        this.orders.delete(o.key);
        this.emit({ type: "orderStatus", key: o.key, status, filled: status === "Filled" ? o.quantity : 0, remaining: 0, at: 0 });
        if (status === "Cancelled") this.emit({ type: "ibMessage", code: 202, message: "Order Canceled - reason:", reqId: o.orderId, severity: "order", at: 0 });
      }
    });
  }

  private emit(event: DomainEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const FAST = { verifyTimeoutMs: 400, verifyIntervalMs: 10, listingWaitMs: 200 };
const RISK: CancelActor = { name: "ada", role: "riskManager", grants: [], address: "127.0.0.1" };

function service(desk: FakeDesk, audit: SecurityEvent[] = []) {
  return new CancelService(desk, async (event) => void audit.push(event), testLogger(), FAST);
}

const okResult = (result: CancelResult) => {
  assert.ok(result.ok, result.ok ? "" : result.error);
  return result;
};

describe("the guarded cancel", () => {
  test("a global cancel sends reqGlobalCancel, verifies against IB's list and audits every step", async () => {
    const desk = new FakeDesk([order("DU1", 1), order("DU2", 2, 7, 3), order("DU3", 3, 9, 0)]);
    const audit: SecurityEvent[] = [];
    const progress: string[] = [];
    const result = okResult(await service(desk, audit).cancel(RISK, { scope: "all", confirmation: "CANCEL ALL", reason: "runaway algo" }, (p) => progress.push(p.stage)));
    assert.deepEqual(desk.sent, ["reqGlobalCancel"]);
    assert.equal(result.verified, true);
    assert.deepEqual(result.orders.map((o) => [o.key, o.outcome]), [["DU1:1", "cancelled"], ["DU2:2", "cancelled"], ["DU3:3", "cancelled"]]);
    assert.match(result.orders[1]!.ibAnswer ?? "", /202 Order Canceled/);
    assert.deepEqual(audit.map((e) => e.action), ["orders.cancel.requested", "orders.cancel.sent", "orders.cancel.answered", "orders.cancel.verified"]);
    assert.ok(audit.every((e) => e.actor === "ada" && e.address === "127.0.0.1"));
    assert.equal(audit[0]!.details?.reason, "runaway algo");
    assert.equal(audit[1]!.details?.request, "reqGlobalCancel");
    assert.equal(progress[0], "sent");
  });

  test("each order is reported cancelled, filled meanwhile or still working, and the audit says incomplete", async () => {
    const desk = new FakeDesk([order("DU1", 1), order("DU1", 2), order("DU2", 3)]);
    desk.onCancel = (o) => (o.permId === 2 ? "Filled" : o.permId === 3 ? "ignore" : "Cancelled");
    const audit: SecurityEvent[] = [];
    const result = okResult(await service(desk, audit).cancel(RISK, { scope: "all", confirmation: "CANCEL ALL", reason: "end of day" }));
    assert.equal(result.verified, false);
    assert.deepEqual(result.orders.map((o) => o.outcome), ["cancelled", "filled", "stillWorking"]);
    assert.match(result.summary, /1 still working .* call IB's trade desk/);
    assert.equal(audit.at(-1)!.outcome, "incomplete");
  });

  test("a scoped cancel sends cancelOrder for its own working orders only", async () => {
    const desk = new FakeDesk([order("DU1", 1, 11), order("DU2", 2, 12, 4), order("DU3", 3, 13)]);
    const result = okResult(await service(desk).cancel(RISK, { scope: "group:Growth", confirmation: "CANCEL Growth", reason: "group breach" }));
    assert.deepEqual(desk.sent, ["cancelOrder 11", "cancelOrder 12"]);
    assert.deepEqual(result.orders.map((o) => o.key), ["DU1:1", "DU2:2"]);
    assert.ok(desk.orders.has("DU3:3"), "an order outside the group is left alone");
  });

  test("one cancel at a time: a double click or a second user is told who started the first", async () => {
    const desk = new FakeDesk([order("DU1", 1)]);
    const cancels = service(desk);
    const request = { scope: "all", confirmation: "CANCEL ALL", reason: "panic" };
    const first = cancels.cancel(RISK, request);
    const second = await cancels.cancel({ ...RISK, name: "max", role: "admin" }, request);
    assert.equal(second.ok, false);
    assert.match(second.ok ? "" : second.error, /a cancel is already running, started by ada/);
    okResult(await first);
    assert.deepEqual(desk.sent, ["reqGlobalCancel"], "the second never went to IB");
    okResult(await cancels.cancel(RISK, request));
  });

  test("refusals: the role, the phrase, the reason, the grants and a link that is down; each audited, nothing sent", async () => {
    const desk = new FakeDesk([order("DU1", 1)]);
    const audit: SecurityEvent[] = [];
    const cancels = service(desk, audit);
    const all = { scope: "all", confirmation: "CANCEL ALL", reason: "because" };
    const refusal = async (actor: CancelActor, payload: unknown) => {
      const result = await cancels.cancel(actor, payload);
      return result.ok ? "accepted" : result.error;
    };
    assert.match(await refusal({ ...RISK, role: "viewer" }, all), /only a risk manager or an admin/);
    assert.match(await refusal(RISK, { ...all, confirmation: "cancel all" }), /type CANCEL ALL exactly/);
    assert.match(await refusal(RISK, { ...all, reason: "" }), /give a reason/);
    assert.match(await refusal(RISK, { ...all, extra: 1 }), /malformed/);
    assert.match(await refusal({ ...RISK, grants: [{ kind: "account", id: "DU1" }] }, all), /global cancel reaches every account/);
    assert.match(await refusal({ ...RISK, grants: [{ kind: "account", id: "DU1" }] }, { scope: "account:DU2", confirmation: "CANCEL DU2", reason: "because" }), /no grant for account DU2/);
    desk.link = false;
    assert.equal(await refusal(RISK, all), "the link to IB is down: call IB's trade desk to cancel orders");
    assert.deepEqual(desk.sent, []);
    assert.equal(audit.length, 7);
    assert.ok(audit.every((e) => e.action === "orders.cancel.refused" && e.outcome === "refused"));
  });

  test("IB's read-only refusal is surfaced, not reported as a cancel", async () => {
    const desk = new FakeDesk([order("DU1", 1)]);
    desk.readOnly = true;
    const audit: SecurityEvent[] = [];
    const result = await service(desk, audit).cancel(RISK, { scope: "all", confirmation: "CANCEL ALL", reason: "test" });
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error, /IB refused the cancel: its API is read-only/);
    assert.equal(audit.at(-1)!.outcome, "refused");
    assert.ok(isWorkingStatus(desk.orders.get("DU1:1")!.status));
  });

  test("nothing goes to IB when the audit log cannot be written", async () => {
    const desk = new FakeDesk([order("DU1", 1)]);
    const cancels = new CancelService(desk, () => Promise.reject(new Error("disk full")), testLogger(), FAST);
    const result = await cancels.cancel(RISK, { scope: "all", confirmation: "CANCEL ALL", reason: "test" });
    assert.match(result.ok ? "" : result.error, /audit log could not be written, so nothing was sent/);
    assert.deepEqual(desk.sent, []);
  });
});

test("a stalled audit log times out: the cancel is refused, nothing is sent, and the next cancel is not locked out", async () => {
  const desk = new FakeDesk([order("DU1", 1)]);
  let stalls = 1;
  const audit: SecurityEvent[] = [];
  const stalling = (event: SecurityEvent) => (stalls-- > 0 ? new Promise<void>(() => {}) : Promise.resolve(void audit.push(event)));
  const cancels = new CancelService(desk, stalling, testLogger(), { ...FAST, auditTimeoutMs: 50 });
  const request = { scope: "all", confirmation: "CANCEL ALL", reason: "stalled database" };
  const first = await cancels.cancel(RISK, request);
  assert.match(first.ok ? "" : first.error, /audit log could not be written, so nothing was sent/);
  assert.deepEqual(desk.sent, []);
  okResult(await cancels.cancel(RISK, request));
  assert.deepEqual(desk.sent, ["reqGlobalCancel"]);
});

test("a message short of a refusal (161, 399, a warning) does not end the wait; 10148 does", async () => {
  const desk = new FakeDesk([order("DU1", 1, 11)]);
  desk.onCancel = () => "ignore";
  const emit = (event: DomainEvent) => desk["emit"](event);
  let listings = 0;
  const list = desk.refreshOpenOrders;
  desk.refreshOpenOrders = () => {
    // IB is slow to cancel: the order goes only at the third listing.
    if (++listings === 3 && desk.orders.delete("DU1:1")) emit({ type: "orderStatus", key: "DU1:1", status: "Cancelled", filled: 0, remaining: 0, at: 0 });
    return list();
  };
  const cancelOrder = desk.cancelOrder;
  desk.cancelOrder = (orderId) => {
    cancelOrder(orderId);
    setImmediate(() => {
      emit({ type: "ibMessage", code: 161, message: "Cancel attempted when order is not in a cancellable state.  Order permId =1", reqId: orderId, severity: "order", at: 0 });
      emit({ type: "ibMessage", code: 399, message: "Order Message:\nWarning: your order will not be placed at the exchange until 2026-11-30 09:30:00 US/Eastern", reqId: orderId, severity: "order", at: 0 });
    });
  };
  const slow = new CancelService(desk, async () => {}, testLogger(), { ...FAST, verifyTimeoutMs: 10_000 });
  const result = okResult(await slow.cancel(RISK, { scope: "account:DU1", confirmation: "CANCEL DU1", reason: "slow cancel" }));
  assert.equal(result.verified, true, result.summary);
  assert.deepEqual(result.orders.map((o) => o.outcome), ["cancelled"]);

  const stuck = new FakeDesk([order("DU1", 1, 11)]);
  stuck.onCancel = () => "ignore";
  const stuckCancel = stuck.cancelOrder;
  stuck.cancelOrder = (orderId) => {
    stuckCancel(orderId);
    setImmediate(() => stuck["emit"]({ type: "ibMessage", code: 10148, message: `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: PendingCancel.`, reqId: orderId, severity: "order", at: 0 }));
  };
  const started = Date.now();
  const refused = okResult(await new CancelService(stuck, async () => {}, testLogger(), { ...FAST, verifyTimeoutMs: 60_000 }).cancel(RISK, { scope: "account:DU1", confirmation: "CANCEL DU1", reason: "stuck" }));
  assert.equal(refused.verified, false);
  assert.ok(Date.now() - started < 30_000, "a refused order ends the wait before the deadline");
  assert.match(refused.orders[0]!.ibAnswer ?? "", /10148/);
});

test("a scoped cancel does not send an order id another client's working order shares", async () => {
  const desk = new FakeDesk([order("DU1", 1, 11, 1), order("DU1", 2, 12, 1), order("DU3", 3, 11, 2)]);
  const audit: SecurityEvent[] = [];
  const result = okResult(await service(desk, audit).cancel(RISK, { scope: "account:DU1", confirmation: "CANCEL DU1", reason: "scoped" }));
  assert.deepEqual(desk.sent, ["cancelOrder 12"]);
  assert.ok(desk.orders.has("DU3:3"), "the other client's order is untouched");
  const shared = result.orders.find((o) => o.key === "DU1:1")!;
  assert.equal(shared.outcome, "stillWorking");
  assert.match(shared.ibAnswer ?? "", /not sent: ambiguous order id shared with another client's order/);
  assert.deepEqual(audit[1]!.details?.notSent, ["DU1:1"]);
});

test("outcome classification: IB's list first, then the last status", () => {
  assert.equal(classifyOutcome("Cancelled", true), "stillWorking", "listed as working wins over a status seen earlier");
  assert.equal(classifyOutcome("Cancelled", false), "cancelled");
  assert.equal(classifyOutcome("ApiCancelled", false), "cancelled");
  assert.equal(classifyOutcome("Filled", false), "filled");
  assert.equal(classifyOutcome("Inactive", false), "ended");
  assert.equal(classifyOutcome(undefined, false), "ended");
});
