import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { once } from "node:events";
import { SecType } from "@stoqey/ib";
import { waitFor } from "@/server/testing/wait-for";
import { startSimGateway, type SimGateway } from "./gateway";
import { RecordingClient } from "./testing/ib-client";

const SUMMARY_TAGS = "NetLiquidation,MaintMarginReq,ExcessLiquidity,Cushion,Currency";

describe("simulated gateway with the real @stoqey/ib client", () => {
  let sim: SimGateway;
  let nextClientId = 1;
  const clients: RecordingClient[] = [];
  const connectClient = async (clientId = nextClientId++) => {
    const client = await RecordingClient.connect(sim.host, sim.port, clientId);
    clients.push(client);
    return client;
  };

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 7, accounts: 5, tickMs: 0 });
  });
  after(async () => {
    for (const client of clients) client.disconnect();
    await sim.close();
  });

  test("connects: server version 193, managed accounts, nextValidId, farm messages", async () => {
    const client = await connectClient();
    assert.equal(client.serverVersion, 193);
    assert.equal(client.managedAccounts, "DU1000001,DU1000002,DU1000003,DU1000004,DU1000005");
    // Above every order id this client id already used (its seeded working orders).
    const usedIds = sim.orders().filter((o) => o.clientId === 1).map((o) => o.orderId);
    assert.deepEqual(client.nextValidIds, [Math.max(0, ...usedIds) + 1]);
    await waitFor("2158", () => client.infos.some((i) => i.code === 2158));
    assert.deepEqual(
      client.infos.map((i) => [i.code, i.message]),
      [
        [2104, "Market data farm connection is OK:usfarm"],
        [2106, "HMDS data farm connection is OK:ushmds"],
        [2158, "Sec-def data farm connection is OK:secdefnj"],
      ],
    );
    assert.deepEqual(client.errors, []);
    assert.ok(sim.connectedClientIds().includes(1));
  });

  test("answers current time, order ids and managed accounts", async () => {
    const client = await connectClient();
    await client.sync();
    assert.ok(Math.abs(client.currentTimes[0]! - Date.now() / 1000) < 5);
    client.ib.reqIds(1);
    await waitFor("reqIds", () => client.nextValidIds.length === 2);
    assert.deepEqual(client.nextValidIds, [1, 2]);
    client.managedAccounts = undefined;
    client.ib.reqManagedAccts();
    await waitFor("managed accounts", () => client.managedAccounts);
    assert.equal(client.managedAccounts, sim.accounts.join(","));
  });

  test("account summary for All: the requested tags of every account, equal to accountFigures, then END", async () => {
    const client = await connectClient();
    client.ib.reqAccountSummary(10, "All", SUMMARY_TAGS);
    await waitFor("summary end", () => client.summaryEnds.includes(10));
    const lines = client.summaryFor(10);
    assert.equal(lines.length, sim.accounts.length * 5);
    for (const account of sim.accounts) {
      const figures = sim.accountFigures(account);
      const value = (tag: string) => lines.find((l) => l.account === account && l.tag === tag);
      assert.deepEqual(value("NetLiquidation"), { reqId: 10, account, tag: "NetLiquidation", value: figures.netLiquidation.toFixed(2), currency: "USD" });
      assert.equal(Number(value("MaintMarginReq")!.value), figures.maintMargin);
      assert.equal(Number(value("ExcessLiquidity")!.value), figures.excessLiquidity);
      assert.equal(Number(value("Cushion")!.value), figures.cushion);
      assert.deepEqual([value("Currency")!.value, value("Currency")!.currency], ["USD", "USD"]);
    }
    client.ib.cancelAccountSummary(10);
  });

  test("account summary for an FA group covers only its members; an unknown group is an error", async () => {
    const client = await connectClient();
    const growth = sim.groups.find((g) => g.name === "Growth")!;
    client.ib.reqAccountSummary(11, "Growth", "NetLiquidation");
    await waitFor("summary end", () => client.summaryEnds.includes(11));
    assert.deepEqual(client.summaryFor(11).map((l) => l.account), [...growth.accounts]);
    assert.ok(growth.accounts.length < sim.accounts.length);

    client.ib.reqAccountSummary(12, "NoSuchGroup", "NetLiquidation");
    await waitFor("error", () => client.errors.find((e) => e.reqId === 12));
    assert.equal(client.errors[0]!.code, 321);
    assert.match(client.errors[0]!.message, /NoSuchGroup/);
    assert.ok(!client.summaryEnds.includes(12));
  });

  test("$LEDGER gives base-currency ledger values, $LEDGER:ALL every currency and BASE", async () => {
    const client = await connectClient();
    const account = sim.accounts[0]!;
    client.ib.reqAccountSummary(13, "All", "$LEDGER");
    client.ib.reqAccountSummary(14, "All", "$LEDGER:ALL");
    await waitFor("both ends", () => client.summaryEnds.includes(13) && client.summaryEnds.includes(14));
    const base = client.summaryFor(13).filter((l) => l.account === account);
    assert.ok(base.every((l) => l.currency === "USD"));
    assert.equal(Number(base.find((l) => l.tag === "NetLiquidationByCurrency")!.value), sim.accountFigures(account).netLiquidation);
    assert.equal(Number(base.find((l) => l.tag === "CashBalance")!.value), sim.accountFigures(account).totalCash);

    const all = client.summaryFor(14).filter((l) => l.account === account);
    assert.deepEqual([...new Set(all.map((l) => l.currency))], ["USD", "EUR", "BASE"]);
    const eurRate = Number(all.find((l) => l.currency === "EUR" && l.tag === "ExchangeRate")!.value);
    assert.ok(eurRate > 0.5 && eurRate < 2);
    client.ib.cancelAccountSummary(13);
    client.ib.cancelAccountSummary(14);
  });

  test("after step() only changed values arrive; after cancel nothing does", async () => {
    const client = await connectClient();
    const account = sim.accounts[1]!;
    client.ib.reqAccountSummary(15, "All", SUMMARY_TAGS);
    await waitFor("summary end", () => client.summaryEnds.includes(15));
    const initial = client.summaryFor(15).length;

    sim.step();
    await client.sync();
    const updates = client.summaryFor(15).slice(initial);
    assert.ok(updates.length > 0, "changed values were pushed");
    assert.ok(!updates.some((l) => l.tag === "Currency"), "unchanged values are not resent");
    const nlv = updates.find((l) => l.account === account && l.tag === "NetLiquidation");
    assert.equal(Number(nlv!.value), sim.accountFigures(account).netLiquidation);
    assert.deepEqual(client.summaryEnds, [15], "END only after the initial set");

    client.ib.cancelAccountSummary(15);
    await client.sync();
    const afterCancel = client.summaryFor(15).length;
    sim.step(3);
    await client.sync();
    assert.equal(client.summaryFor(15).length, afterCancel);
  });

  test("reqPnL sends the account's P&L at once and on every change; cancelPnL stops it", async () => {
    const client = await connectClient();
    const account = sim.accounts[2]!;
    client.ib.reqPnL(20, account);
    await waitFor("first pnl", () => client.pnl.length > 0);
    const expected = () => {
      const f = sim.accountFigures(account);
      return { reqId: 20, daily: f.dailyPnL, unrealized: f.unrealizedPnL, realized: f.realizedPnL };
    };
    assert.deepEqual(client.pnl, [expected()]);

    sim.shock(-2);
    await client.sync();
    assert.deepEqual(client.pnl.at(-1), expected());
    assert.equal(client.pnl.length, 2);

    client.ib.cancelPnL(20);
    await client.sync();
    sim.step(2);
    await client.sync();
    assert.equal(client.pnl.length, 2);

    client.ib.reqPnL(21, "DU9999999");
    await waitFor("unknown account error", () => client.errors.find((e) => e.reqId === 21));
    assert.equal(client.errors.at(-1)!.code, 321);
  });

  test("a client id in use is refused with 326 and closed; the holder keeps working; the id frees on disconnect", async () => {
    const holder = await connectClient(77);
    const intruder = new RecordingClient(sim.host, sim.port);
    clients.push(intruder);
    intruder.ib.connect(77);
    await waitFor("326", () => intruder.infos.find((i) => i.code === 326));
    assert.equal(
      intruder.infos.find((i) => i.code === 326)!.message,
      "Unable to connect as the client id is already in use. Retry with a unique client id.",
    );
    await waitFor("intruder closed", () => intruder.disconnects > 0);
    assert.deepEqual(intruder.nextValidIds, []);

    await holder.sync();
    assert.equal(holder.disconnects, 0);
    holder.disconnect();
    await waitFor("id released", () => !sim.connectedClientIds().includes(77));
    const successor = await connectClient(77);
    await successor.sync();
  });

  test("a request the simulator does not serve gets a 321 error addressed to it", async () => {
    const client = await connectClient();
    client.ib.reqContractDetails(30, { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" });
    await waitFor("error for 30", () => client.errors.find((e) => e.reqId === 30));
    assert.equal(client.errors.find((e) => e.reqId === 30)!.code, 321);
    client.ib.reqNewsBulletins(true); // no request id: comes back as an info message (reqId -1)
    await waitFor("info 321", () => client.infos.find((i) => i.code === 321));
    await client.sync();
  });

  test("dropConnections closes every client; they can connect again with the same id", async () => {
    const client = await connectClient(90);
    sim.dropConnections();
    await waitFor("disconnected", () => client.disconnects > 0);
    assert.deepEqual(sim.connectedClientIds(), []);
    const again = await connectClient(90);
    await again.sync();
    assert.deepEqual(sim.connectedClientIds(), [90]);
  });

  test("connectivity 1100 stops pushes, 1102 resumes them, 1101 drops the subscriptions", async () => {
    const client = await connectClient();
    client.ib.reqPnL(40, sim.accounts[0]!);
    await waitFor("pnl", () => client.pnl.length === 1);

    sim.connectivity(1100);
    sim.step();
    await client.sync();
    assert.deepEqual(client.infos.slice(-3).map((i) => i.code), [1100, 2103, 2105]);
    assert.equal(client.pnl.length, 1, "nothing pushed while IB is unreachable");

    sim.connectivity(1102);
    sim.step();
    await client.sync();
    assert.deepEqual(client.infos.slice(-3).map((i) => i.code), [1102, 2104, 2106]);
    assert.equal(client.pnl.length, 2, "data maintained: the subscription goes on");

    sim.connectivity(1101);
    sim.step();
    await client.sync();
    assert.equal(client.infos.at(-3)!.code, 1101);
    assert.equal(client.pnl.length, 2, "data lost: the client must subscribe again");
  });
});

describe("simulated gateway daily restart", () => {
  test("closes the sockets, refuses connections while down, then accepts again", async () => {
    const sim = await startSimGateway({ port: 0, accounts: 2, tickMs: 0 });
    try {
      const client = await RecordingClient.connect(sim.host, sim.port, 5);
      const port = sim.port;
      const restarted = sim.restart(300);
      await waitFor("disconnected", () => client.disconnects > 0);
      const attempt = connect({ host: sim.host, port });
      const [error] = (await once(attempt, "error")) as [NodeJS.ErrnoException];
      assert.equal(error.code, "ECONNREFUSED");
      await restarted;
      assert.equal(sim.port, port);
      const again = await RecordingClient.connect(sim.host, sim.port, 5);
      await again.sync();
      again.disconnect();
    } finally {
      await sim.close();
    }
  });

  test("with a tick timer, prices move and P&L is pushed without step()", async () => {
    const sim = await startSimGateway({ port: 0, accounts: 1, tickMs: 20 });
    try {
      const client = await RecordingClient.connect(sim.host, sim.port, 6);
      client.ib.reqPnL(1, sim.accounts[0]!);
      await waitFor("several pnl updates", () => client.pnl.length >= 3);
      assert.ok(sim.tickCount >= 2);
      sim.pause();
      assert.equal(sim.paused, true);
      client.disconnect();
    } finally {
      await sim.close();
    }
  });
});
