import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { io as connectClient, type Socket } from "socket.io-client";
import { ORDER_EVENTS, cancelResultSchema, type CancelResult } from "@/lib/orders";
import type { ServerToClientEvents, UncheckedClientEvents } from "@/lib/stream";
import { storeAuditLog } from "@/server/auth/audit";
import type { AuthFixture } from "@/server/auth/testing/auth-fixture";
import type { Monitor } from "@/server/monitor";
import { MAX_CANCEL_REQUESTS_PER_MINUTE } from "@/server/realtime/order-commands";
import type { SimGateway } from "@/server/sim/gateway";
import { startDeskUnderTest, type DeskUnderTest } from "@/server/testing/desk-under-test";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { CancelService } from "./cancel-service";
import { monitorOrderDesk } from "./order-desk";

type Client = Socket<ServerToClientEvents, UncheckedClientEvents>;
const RISKDESK_CLIENT_ID = 77;

describe("orders end to end against the simulated gateway", () => {
  let desk: DeskUnderTest;
  let sim: SimGateway;
  let monitor: Monitor;
  let fixture: AuthFixture;
  let baseUrl: string;
  const sockets: Client[] = [];

  const working = () => sim.orders().filter((order) => ["PreSubmitted", "Submitted", "PendingCancel"].includes(order.status));

  async function socketOf(name: string, password: string): Promise<Client> {
    const client = await desk.loggedIn(name, password);
    const socket: Client = connectClient(baseUrl, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: client.cookieHeader, origin: baseUrl } });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    return socket;
  }

  async function cancel(socket: Client, request: unknown): Promise<CancelResult> {
    const answer: unknown = await socket.timeout(30_000).emitWithAck(ORDER_EVENTS.cancel, request);
    return cancelResultSchema.parse(answer);
  }

  const auditOf = async (action: string) => fixture.store.client.auditRecord.findMany({ where: { action }, orderBy: { id: "asc" } });

  before(async () => {
    desk = await startDeskUnderTest({
      seed: 11,
      accounts: 4,
      clientId: RISKDESK_CLIENT_ID,
      monitor: { linkRefreshMs: 50, collector: { ordersRefreshMs: 300 } },
      users: () => [
        { name: "vic", role: "viewer", password: "viewer password" },
        { name: "ada", role: "riskManager", password: "risk password" },
        // Floods from a user of its own, so the other tests' requests do not count in its window.
        { name: "flo", role: "viewer", password: "flood password" },
      ],
      hub: ({ fixture, monitor }) => ({
        controls: {
          orders: new CancelService(monitorOrderDesk(monitor), storeAuditLog(fixture.store.client), testLogger(), {
            verifyTimeoutMs: 15_000,
            verifyIntervalMs: 100,
            listingWaitMs: 2000,
          }),
        },
      }),
    });
    ({ sim, monitor, fixture, baseUrl } = desk);
    await waitFor("the seeded orders in the engine", () => monitor.workingOrders().length > 0 && monitor.workingOrders().length === working().length, 15_000);
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await desk.close();
  });

  test("every working order of every client id is in the engine, manual TWS orders included", () => {
    const engine = new Set(monitor.workingOrders().map((order) => order.permId));
    for (const order of working()) assert.ok(engine.has(order.permId), `order ${order.permId} of client ${order.clientId} is missing`);
    assert.ok(monitor.workingOrders().some((order) => order.clientId === 0), "a manual order is listed");
    assert.ok(new Set(monitor.workingOrders().map((order) => order.clientId)).size > 1, "orders of several client ids are listed");
    const allocated = working().find((order) => order.faGroup !== "");
    assert.ok(allocated, "the simulator allocates some orders to FA groups");
    assert.equal(monitor.workingOrders().find((order) => order.permId === allocated.permId)?.faGroup, allocated.faGroup);
  });

  test("an order reference with non-ASCII characters, escaped by TWS, shows as written", () => {
    const escaped = working().find((order) => /[^\x00-\x7f]/.test(order.orderRef));
    assert.ok(escaped, "the simulator seeds an order reference such as Réserve-Müller");
    assert.equal(monitor.workingOrders().find((order) => order.permId === escaped.permId)?.orderRef, escaped.orderRef);
  });

  test("an order placed by another client id appears, with its fields", async () => {
    const account = sim.accounts[1]!;
    const { permId } = sim.placeOrder({ account, symbol: "AAPL", action: "BUY", quantity: 7, orderType: "LMT", lmtPrice: 1.5, tif: "GTC", clientId: 5 });
    const order = await waitFor("the new order in the engine", () => monitor.workingOrders().find((candidate) => candidate.permId === permId), 10_000);
    assert.equal(order.clientId, 5);
    assert.equal(order.account, account);
    assert.equal(order.side, "BUY");
    assert.equal(order.quantity, 7);
    assert.equal(order.type, "LMT");
    assert.equal(order.limitPrice, 1.5);
    assert.equal(order.tif, "GTC");
  });

  test("a viewer's forged cancel is refused on the server and audited; nothing is cancelled", async () => {
    const before = working().length;
    const socket = await socketOf("vic", "viewer password");
    const result = await cancel(socket, { scope: "all", confirmation: "CANCEL ALL", reason: "forged" });
    assert.equal(result.ok, false);
    assert.match(result.ok ? "" : result.error, /only a risk manager or an admin/);
    assert.equal(working().length, before);
    const refused = await auditOf("orders.cancel.refused");
    assert.ok(refused.some((record) => record.actor === "vic" && record.outcome === "refused"));
  });

  test("a user flooding cancel requests, from however many sockets, is refused unheard past a few a minute, and the audit log does not grow with it", async () => {
    const [fresh, ...floods] = await Promise.all([0, 1, 2, 3].map(() => socketOf("flo", "flood password")));
    const audited = (await auditOf("orders.cancel.refused")).length;
    const answers = await Promise.all(
      Array.from({ length: MAX_CANCEL_REQUESTS_PER_MINUTE + 5 }, (_, i) => cancel(floods[i % floods.length]!, { scope: "all", confirmation: "CANCEL ALL", reason: "flood" })),
    );
    const errors = answers.map((answer) => (answer.ok ? "accepted" : answer.error));
    assert.equal(errors.filter((error) => /only a risk manager/.test(error)).length, MAX_CANCEL_REQUESTS_PER_MINUTE, "the user's sockets share one window");
    assert.equal(errors.filter((error) => /too many cancel requests/.test(error)).length, 5);
    assert.equal((await auditOf("orders.cancel.refused")).length, audited + MAX_CANCEL_REQUESTS_PER_MINUTE);
    const late = await cancel(fresh!, { scope: "all", confirmation: "CANCEL ALL", reason: "flood" });
    assert.match(late.ok ? "" : late.error, /too many cancel requests/, "a new socket buys no more requests");
    const vic = await socketOf("vic", "viewer password");
    const other = await cancel(vic, { scope: "all", confirmation: "CANCEL ALL", reason: "another user" });
    assert.match(other.ok ? "" : other.error, /only a risk manager/, "another user's window is its own");
  });

  test("with IB's Read-Only API on, IB's refusal is surfaced and the orders stay", async () => {
    const before = working().length;
    sim.setReadOnly(true);
    try {
      const socket = await socketOf("ada", "risk password");
      const result = await cancel(socket, { scope: "all", confirmation: "CANCEL ALL", reason: "read-only check" });
      assert.equal(result.ok, false);
      assert.match(result.ok ? "" : result.error, /IB refused the cancel: its API is read-only/);
      assert.equal(working().length, before);
      const verified = await auditOf("orders.cancel.verified");
      assert.equal(verified.at(-1)?.outcome, "refused");
    } finally {
      sim.setReadOnly(false);
    }
  });

  test("a scoped cancel reaches orders of other client ids through cancelOrder, and says what IB answered", async () => {
    const account = sim.accounts[2]!;
    sim.placeOrder({ account, symbol: "MSFT", action: "SELL", quantity: 3, orderType: "LMT", lmtPrice: 9999, tif: "DAY", clientId: 9 });
    await waitFor("the account's orders in the engine", () => monitor.workingOrders().filter((o) => o.account === account).length === working().filter((o) => o.account === account).length && monitor.workingOrders().some((o) => o.clientId === 9), 10_000);
    const socket = await socketOf("ada", "risk password");
    const result = await cancel(socket, { scope: `account:${account}`, confirmation: `CANCEL ${account}`, reason: "account breach" });
    assert.ok(result.ok, result.ok ? "" : result.error);
    assert.ok(result.orders.length > 0);
    assert.ok(result.orders.every((order) => order.account === account));
    // What IB does with another client's order id is reported as it happened, order by order.
    for (const order of result.orders) {
      const sim_ = sim.orders().find((candidate) => candidate.permId === order.permId)!;
      assert.equal(order.outcome === "cancelled", sim_.status === "Cancelled", `order ${order.permId}: reported ${order.outcome}, the simulator says ${sim_.status} (${order.ibAnswer})`);
    }
    // A manual TWS order has no API order id, and an order id two clients share is not found (10147): both are said so.
    for (const order of result.orders.filter((candidate) => candidate.outcome === "stillWorking")) {
      assert.match(order.ibAnswer ?? "", /not sent|10147|10148/, `order ${order.permId} still works without a word from IB`);
    }
    assert.ok(sim.orders().some((o) => o.account !== account && ["PreSubmitted", "Submitted"].includes(o.status)), "other accounts keep their orders");
  });

  test("a global cancel leaves no working order in the simulator, and audits each step with each order", async () => {
    assert.ok(working().length > 0);
    const socket = await socketOf("ada", "risk password");
    const progress: string[] = [];
    socket.on(ORDER_EVENTS.cancelProgress, (update) => progress.push(update.stage));
    const result = await cancel(socket, { scope: "all", confirmation: "CANCEL ALL", reason: "end-to-end global cancel" });
    assert.ok(result.ok, result.ok ? "" : result.error);
    assert.equal(result.verified, true, result.summary);
    assert.deepEqual(working(), []);
    assert.ok(result.orders.every((order) => order.outcome === "cancelled"), result.summary);
    assert.ok(progress.includes("sent"));
    await waitFor("the blotter emptied", () => monitor.workingOrders().length === 0, 10_000);
    const steps = await fixture.store.client.auditRecord.findMany({ where: { action: { startsWith: "orders.cancel." }, actor: "ada" }, orderBy: { id: "asc" } });
    const global = steps.filter((record) => (JSON.parse(record.details) as { scope?: string }).scope === "all" && record.action !== "orders.cancel.refused");
    assert.deepEqual(global.slice(-4).map((record) => record.action), ["orders.cancel.requested", "orders.cancel.sent", "orders.cancel.answered", "orders.cancel.verified"]);
    const sent = JSON.parse(global.at(-3)!.details) as { request: string };
    assert.equal(sent.request, "reqGlobalCancel");
    const answered = JSON.parse(global.at(-2)!.details) as { ibAnswers: string[] };
    assert.ok(answered.ibAnswers.some((answer) => answer.includes("202 Order Canceled")));
    const verified = JSON.parse(global.at(-1)!.details) as { orders: Array<{ permId: number; outcome: string }> };
    assert.equal(verified.orders.length, result.orders.length);
    assert.ok(global.every((record) => record.address !== null));
  });

  test("a cancel while the link is down is refused with the message, and nothing is sent", async () => {
    const socket = await socketOf("ada", "risk password");
    sim.placeOrder({ account: sim.accounts[0]!, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1, clientId: 4 });
    await waitFor("the order in the engine", () => monitor.workingOrders().length === 1, 10_000);
    const restart = sim.restart(4000);
    try {
      await waitFor("the link down", () => !monitor.collector.canReachIb, 10_000);
      const result = await cancel(socket, { scope: "all", confirmation: "CANCEL ALL", reason: "link down" });
      assert.deepEqual(result, { ok: false, error: "the link to IB is down: call IB's trade desk to cancel orders" });
      assert.equal(working().length, 1);
      // Placed while RiskDesk was away: the reconnect's listing finds it and says so.
      sim.placeOrder({ account: sim.accounts[1]!, symbol: "MSFT", action: "SELL", quantity: 2, orderType: "LMT", lmtPrice: 9999, clientId: 6 });
    } finally {
      await restart;
    }
    const note = await waitFor(
      "the reconnect's note on the orders",
      () => monitor.publication.snapshot({ scope: "all", positions: false, exposure: false, orders: true }).ordersNote ?? undefined,
      15_000,
    );
    assert.equal(note.appeared, 1);
    await waitFor("both orders in the engine", () => monitor.workingOrders().length === 2, 10_000);
  });
});
