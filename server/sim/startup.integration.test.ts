import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { MESSAGES } from "./protocol";
import { startSimGateway, type SimGateway } from "./gateway";
import { RecordingClient } from "./testing/ib-client";
import { RawClient } from "./testing/raw-client";
import { decodeUnicodeEscapes } from "@/server/tws-wire/unicode-escapes";
import { encodeFrame } from "@/server/tws-wire/frames";
import { waitFor } from "@/server/testing/wait-for";

/** "Promptly": on a loaded 2-core runner; ib_async gives up on each request after its own timeout. */
const PROMPT_MS = 3000;

describe("a real client's start-up completes at once", () => {
  let sim: SimGateway;
  before(async () => {
    sim = await startSimGateway({ port: 0, tickMs: 0, accounts: 3 });
    // Some of today's history: fills (executions, completed orders) and a cancelled order.
    assert.equal(sim.fillOrders(2), 2);
    const { orderId } = sim.placeOrder({ account: sim.accounts[0]!, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1, clientId: 1 });
    const client = await RecordingClient.connect(sim.host, sim.port, 1);
    client.ib.cancelOrder(orderId);
    await waitFor("cancelled", () => client.orderStatuses.some((s) => s.orderId === orderId && s.status === "Cancelled"));
    client.disconnect();
  });
  after(async () => {
    await sim.close();
  });

  for (const clientId of [0, 1]) {
    test(`ib_async's sequence as client ${clientId}: every end marker arrives, nothing is refused`, async () => {
      const client = await RecordingClient.connect(sim.host, sim.port, clientId);
      const account = sim.accounts[0]!;
      const started = performance.now();
      client.ib.reqPositions();
      client.ib.reqOpenOrders();
      if (clientId === 0) client.ib.reqAutoOpenOrders(true);
      client.ib.reqCompletedOrders(false);
      client.ib.reqExecutions(9001, {});
      client.ib.reqAccountUpdates(true, account);
      client.ib.reqAccountSummary(9002, "All", "NetLiquidation,MaintMarginReq");
      await waitFor(
        "every end marker",
        () =>
          client.positionEnds === 1 && client.openOrderEnds === 1 && client.completedOrdersEnds === 1 && client.executionEnds.includes(9001) &&
          client.accountDownloadEnds.includes(account) && client.summaryEnds.includes(9002),
        PROMPT_MS,
      );
      assert.ok(performance.now() - started < PROMPT_MS);
      assert.deepEqual(client.errors, [], "no request refused");
      assert.deepEqual(client.infos.filter((i) => i.code !== 2104 && i.code !== 2106 && i.code !== 2158), []);

      // What arrived is what the simulator holds.
      const completed = sim.orders().filter((o) => o.status === "Filled" || o.status === "Cancelled");
      assert.deepEqual(client.completedOrders.map((m) => m.order.permId).sort(), completed.map((o) => o.permId).sort());
      assert.ok(client.completedOrders.some((m) => m.orderState.status === "Filled" && m.order.filledQuantity === m.order.totalQuantity));
      const executed = client.executions.filter((e) => e.reqId === 9001);
      const visible = sim.orders().filter((o) => o.status === "Filled" && (clientId === 0 || o.clientId === clientId));
      assert.deepEqual([...new Set(executed.map((e) => e.execution.permId))].sort(), visible.map((o) => o.permId).sort());
      for (const { execution } of executed) assert.ok(client.commissions.some((c) => c.execId === execution.execId), "each execution has its commission");
      assert.ok(client.accountValues.some((v) => v.key === "NetLiquidation" && v.account === account && v.value === sim.accountFigures(account).netLiquidation.toFixed(2)));
      assert.deepEqual(
        client.portfolio.filter((p) => p.account === account).map((p) => [p.contract.conId, p.position]).sort(),
        sim.positions(account).map((p) => [p.conId, p.position]).sort(),
      );
      assert.match(client.accountTimes[0] ?? "", /^\d{2}:\d{2}$/);
      client.disconnect();
    });
  }

  test("reqAccountUpdates: a fill pushes the changed portfolio line at once; unsubscribing stops it", async () => {
    const client = await RecordingClient.connect(sim.host, sim.port, 21);
    const account = sim.accounts[1]!;
    client.ib.reqAccountUpdates(true, account);
    await waitFor("download end", () => client.accountDownloadEnds.length === 1);
    const lines = client.portfolio.length;
    sim.placeOrder({ account, symbol: "KO", action: "BUY", quantity: 3, orderType: "LMT", lmtPrice: 10_000, clientId: 21 });
    sim.step();
    await waitFor("portfolio line", () => client.portfolio.slice(lines).find((p) => p.contract.symbol === "KO" && p.account === account));
    client.ib.reqAccountUpdates(false, account);
    await client.sync();
    const after = client.portfolio.length;
    sim.placeOrder({ account, symbol: "KO", action: "BUY", quantity: 3, orderType: "LMT", lmtPrice: 10_000, clientId: 21 });
    sim.step();
    await client.sync();
    assert.equal(client.portfolio.length, after);
    client.ib.reqAccountUpdates(true, "DU0000000");
    await waitFor("refusal", () => client.infos.find((i) => i.code === 321));
    client.disconnect();
  });

  test("a third concurrent account summary gets IB's 322; after a cancel a new one is served", async () => {
    const client = await RecordingClient.connect(sim.host, sim.port, 22);
    client.ib.reqAccountSummary(1, "All", "NetLiquidation");
    client.ib.reqAccountSummary(2, "All", "BuyingPower");
    client.ib.reqAccountSummary(3, "All", "Cushion");
    await waitFor("322", () => client.errors.find((e) => e.reqId === 3));
    assert.deepEqual(client.errors.find((e) => e.reqId === 3), { reqId: 3, code: 322, message: MESSAGES.accountSummaryLimit });
    assert.equal(MESSAGES.accountSummaryLimit, "Error processing request.-'bc' : cause - Maximum number of account summary requests exceeded; desubscribe to previous request first");
    await waitFor("two served", () => client.summaryEnds.includes(1) && client.summaryEnds.includes(2));
    assert.ok(!client.summaryEnds.includes(3));
    client.ib.cancelAccountSummary(1);
    client.ib.reqAccountSummary(4, "All", "Cushion");
    await waitFor("the fourth served", () => client.summaryEnds.includes(4));
    client.disconnect();
  });

  test("+PACEAPI in the handshake: a burst above the rate is paced, not refused with 100", async () => {
    const paced = await startSimGateway({ port: 0, accounts: 1, tickMs: 0, maxMessagesPerSecond: 20 });
    const raw = await RawClient.open(paced.port);
    try {
      await raw.start(1, "v100..193 +PACEAPI");
      const before = raw.messages.length;
      const started = performance.now();
      raw.write(Buffer.concat(Array.from({ length: 30 }, (_, i) => encodeFrame([74, 1, i + 1, "", ""]))));
      await raw.waitFor("the 30th end", (m) => m[0] === "72" && m[2] === "30", 5000);
      const replies = raw.messages.slice(before);
      assert.deepEqual(replies.filter((m) => m[0] === "72").map((m) => Number(m[2])), Array.from({ length: 30 }, (_, i) => i + 1), "all served, in order");
      assert.deepEqual(replies.filter((m) => m[0] === "4"), [], "no error 100");
      assert.ok(performance.now() - started >= 900, "the last ten waited for the window to slide");
    } finally {
      raw.close();
      await paced.close();
    }
  });

  test("from server version 153 non-ASCII text travels as \\uXXXX; below it as UTF-8; @stoqey/ib leaves it escaped", async () => {
    const ref = "Réserve-Müller";
    assert.ok(sim.orders().some((o) => o.orderRef === ref), "a seeded order carries the reference");
    const readRefs = async (versions: string) => {
      const raw = await RawClient.open(sim.port);
      try {
        await raw.start(31, versions);
        raw.send([16, 1]);
        await raw.waitFor("openOrderEnd", (m) => m[0] === "53");
        return raw.messages.filter((m) => m[0] === "5").flat();
      } finally {
        raw.close();
        await waitFor("client id free", () => !sim.connectedClientIds().includes(31));
      }
    };
    const modern = await readRefs("v100..193");
    assert.ok(modern.includes("R\\u00e9serve-M\\u00fcller"));
    assert.ok(!modern.some((field) => /[^\x00-\x7f]/.test(field)), "nothing but ASCII on the wire");
    assert.ok((await readRefs("v100..152")).includes(ref));

    const client = await RecordingClient.connect(sim.host, sim.port, 32);
    client.ib.reqAllOpenOrders();
    await waitFor("openOrderEnd", () => client.openOrderEnds === 1);
    const received = client.openOrders.map((m) => m.order.orderRef ?? "").find((r) => r.startsWith("R"))!;
    assert.equal(received, "R\\u00e9serve-M\\u00fcller", "the client library does not decode it");
    assert.equal(decodeUnicodeEscapes(received), ref);
    client.disconnect();
  });
});
