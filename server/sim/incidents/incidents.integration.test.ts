import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { once } from "node:events";
import { startControlServer, type ControlServer } from "../control-http";
import { startSimGateway, type SimGateway } from "../gateway";
import { RecordingClient } from "../testing/ib-client";
import { waitFor } from "@/server/testing/wait-for";

describe("incidents through the control API, as an @stoqey/ib client sees them", () => {
  let sim: SimGateway;
  let control: ControlServer;
  let client: RecordingClient;
  let nextClientId = 1;
  const call = async (method: "GET" | "POST", path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${control.port}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: method === "GET" ? undefined : { "content-type": "application/json" },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const incident = (body: Record<string, unknown>) => call("POST", "/incident", body);
  const running = async () => (await call("GET", "/incidents")).json.running as Array<{ id: number; kind: string; accounts?: string[] }>;
  /** The notices (reqId -1) the client heard since `from`, as [code, message]. */
  const noticesSince = (from: number) => client.infos.slice(from).map((i) => [i.code, i.message]);
  const connectClient = () => RecordingClient.connect(sim.host, sim.port, nextClientId++);

  before(async () => {
    sim = await startSimGateway({ port: 0, tickMs: 0 });
    control = await startControlServer(sim, 0);
  });
  after(async () => {
    await control.close();
    await sim.close();
  });
  afterEach(async () => {
    await call("POST", "/incident", { kind: "restore" });
    client?.disconnect();
    await waitFor("no running incident", async () => (await running()).length === 0, 15_000);
  });

  test("farm outage: 2103/2105/2157 with IB's wording, then 2104/2106/2158 when its time is up", async () => {
    client = await connectClient();
    const from = client.infos.length;
    const started = await incident({ kind: "farm-outage", downSeconds: 1.5 });
    assert.equal(started.status, 200);
    assert.deepEqual((started.json.detail as { farms: string[] }).farms, ["usfarm", "ushmds", "secdefnj"]);
    const newcomer = await connectClient();
    await newcomer.sync();
    assert.deepEqual(
      newcomer.infos.map((i) => i.code),
      [2103, 2105, 2157],
      "a client connecting during the outage hears the farms broken",
    );
    newcomer.disconnect();
    await waitFor("farms OK again", () => noticesSince(from).length === 6, 10_000);
    assert.deepEqual(noticesSince(from), [
      [2103, "Market data farm connection is broken:usfarm"],
      [2105, "HMDS data farm connection is broken:ushmds"],
      [2157, "Sec-def data farm connection is broken:secdefnj"],
      [2104, "Market data farm connection is OK:usfarm"],
      [2106, "HMDS data farm connection is OK:ushmds"],
      [2158, "Sec-def data farm connection is OK:secdefnj"],
    ]);
  });

  test("connectivity lost then restored: 1100 then 1101 (data lost) through POST /connectivity, 1102 (kept) through /incident", async () => {
    client = await connectClient();
    let from = client.infos.length;
    assert.equal((await call("POST", "/connectivity", { code: 1100, restoreAfterSeconds: 0.3, data: "lost" })).status, 200);
    await waitFor("1101", () => client.infos.slice(from).some((i) => i.code === 1101), 10_000);
    assert.deepEqual(noticesSince(from).map(([code]) => code), [1100, 2103, 2105, 1101, 2104, 2106]);
    assert.equal(noticesSince(from)[0]![1], "Connectivity between IB and Trader Workstation has been lost.");
    assert.equal(noticesSince(from)[3]![1], "Connectivity between IB and Trader Workstation has been restored - data lost.");

    from = client.infos.length;
    const lost = await incident({ kind: "connectivity-loss", downSeconds: 60 });
    assert.equal((await incident({ kind: "connectivity-loss" })).status, 409, "one outage at a time");
    assert.equal((await incident({ kind: "restore", id: lost.json.id })).status, 200);
    await waitFor("1102", () => client.infos.slice(from).some((i) => i.code === 1102));
    assert.equal(client.infos.find((i) => i.code === 1102)!.message, "Connectivity between IB and Trader Workstation has been restored - data maintained.");
    assert.equal((await call("POST", "/connectivity", { code: 1101, data: "lost" })).status, 400);
  });

  test("margin warning: 2148 naming the account; an unknown account is refused", async () => {
    client = await connectClient();
    const account = sim.accounts[2]!;
    const from = client.infos.length;
    assert.equal((await incident({ kind: "margin-warning", account })).status, 200);
    await waitFor("2148", () => client.infos.slice(from).some((i) => i.code === 2148));
    assert.ok(client.infos.find((i) => i.code === 2148)!.message.endsWith(account));
    assert.deepEqual(await incident({ kind: "margin-warning", account: "DU9999999" }), { status: 404, json: { error: "unknown account DU9999999" } });
  });

  test("margin squeeze: the account's figures go past 0.9 utilisation and below zero excess liquidity, then recover", async () => {
    client = await connectClient();
    const account = sim.accounts[2]!;
    const before = sim.accountFigures(account);
    client.ib.reqAccountSummary(7, "All", "NetLiquidation,MaintMarginReq,ExcessLiquidity");
    await waitFor("summary", () => client.summaryEnds.includes(7));
    const latest = (tag: string) => Number(client.summary.filter((l) => l.reqId === 7 && l.account === account && l.tag === tag).at(-1)?.value);

    const started = await incident({ kind: "margin-squeeze", account, severity: 1.05, rampSeconds: 1, holdSeconds: 1.5, recoverSeconds: 0.5 });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    assert.deepEqual((await running()).map((r) => [r.kind, r.accounts]), [["margin-squeeze", [account]]]);
    await waitFor("excess liquidity below zero on the wire", () => latest("ExcessLiquidity") < 0, 10_000);
    assert.ok(latest("MaintMarginReq") / latest("NetLiquidation") > 0.9);
    const other = sim.accounts[0]!;
    assert.equal(client.summary.filter((l) => l.account === other && l.tag === "MaintMarginReq").length, 1, "other accounts are not squeezed");
    await waitFor("recovered", () => latest("ExcessLiquidity") === before.excessLiquidity, 10_000);
    assert.equal(latest("MaintMarginReq"), before.maintMargin);
    assert.equal((await incident({ kind: "margin-squeeze", group: "NoSuchGroup" })).status, 404);
  });

  test("half-open: the socket stays open but answers nothing until restored, then the client's requests are answered", async () => {
    client = await connectClient();
    const started = await incident({ kind: "half-open", seconds: 60 });
    const times = client.currentTimes.length;
    client.ib.reqCurrentTime();
    await new Promise((resolve) => setTimeout(resolve, 700)); // silence can only be shown by waiting
    assert.equal(client.currentTimes.length, times, "no answer while half-open");
    assert.equal(client.disconnects, 0, "the socket stays open");
    assert.equal((await incident({ kind: "half-open" })).status, 409);
    await incident({ kind: "restore", id: started.json.id });
    await waitFor("answered after the restore", () => client.currentTimes.length > times);
    assert.equal(client.disconnects, 0);

    await incident({ kind: "half-open", seconds: 0.4 });
    const count = client.currentTimes.length;
    client.ib.reqCurrentTime();
    await waitFor("answered once its time is up", () => client.currentTimes.length > count, 10_000);
  });

  test("daily restart: every client dropped, connections refused while down, accepted again", async () => {
    client = await connectClient();
    const port = sim.port;
    assert.equal((await incident({ kind: "daily-restart", downSeconds: 1 })).status, 200);
    await waitFor("dropped", () => client.disconnects > 0);
    const attempt = connect({ host: sim.host, port });
    const [error] = (await once(attempt, "error")) as [NodeJS.ErrnoException];
    assert.equal(error.code, "ECONNREFUSED");
    await waitFor("restart over", async () => (await running()).length === 0, 15_000);
    client = await connectClient();
    await client.sync();
  });

  test("socket drop and price shock wrap the existing actions; an unknown symbol is refused", async () => {
    client = await connectClient();
    assert.equal((await incident({ kind: "socket-drop" })).status, 200);
    await waitFor("dropped", () => client.disconnects > 0);
    const nlv = sim.accountFigures(sim.accounts[0]!).netLiquidation;
    assert.equal((await incident({ kind: "price-shock", percent: -8 })).status, 200);
    assert.notEqual(sim.accountFigures(sim.accounts[0]!).netLiquidation, nlv);
    assert.deepEqual(await incident({ kind: "price-shock", percent: 1, symbol: "NOPE" }), { status: 400, json: { error: "no instrument with symbol NOPE" } });
  });

  test("order burst: working orders booked to the account fill, leave GET /orders' working set, and move its positions on the wire", async () => {
    client = await connectClient();
    client.ib.reqPositions();
    await waitFor("positions", () => client.positionEnds > 0);
    const seen = client.positions.length;
    const account = sim.accounts[0]!;
    const groupsOf = new Set(sim.groups.filter((group) => group.accounts.includes(account)).map((group) => group.name));
    const bookedTo = (order: { account: string; faGroup: string }) => order.account === account || (order.account === "" && groupsOf.has(order.faGroup));
    const working = async () =>
      ((await call("GET", "/orders")).json.orders as Array<{ account: string; faGroup: string; status: string; permId: number }>).filter((order) =>
        ["PreSubmitted", "Submitted"].includes(order.status),
      );
    const before = await working();
    assert.ok(before.filter(bookedTo).length >= 3, `${account} has working orders to fill`);
    const positionsBefore = sim.positions(account);

    const started = await incident({ kind: "order-burst", account, count: 2, intervalMs: 20 });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    await waitFor("burst done", async () => (await running()).length === 0, 10_000);
    const after = await working();
    const gone = before.filter((order) => !after.some((still) => still.permId === order.permId));
    assert.equal(gone.length, 2, "two orders left the working set");
    for (const order of gone) {
      assert.ok(bookedTo(order), `${order.permId} is booked to ${account}`);
      assert.equal(sim.orders().find((o) => o.permId === order.permId)?.status, "Filled");
    }
    await waitFor("fills pushed", () => client.positions.slice(seen).some((p) => p.account === account));
    assert.notDeepEqual(sim.positions(account), positionsBefore);

    assert.equal((await incident({ kind: "order-burst", account, count: 500, intervalMs: 0 })).status, 200);
    await waitFor("burst done", async () => (await running()).length === 0, 10_000);
    const left = await working();
    assert.deepEqual(left.filter(bookedTo), [], "a burst longer than the book ends when no order is left");
    assert.ok(left.length > 0, "other accounts' orders still work");
    assert.deepEqual(await incident({ kind: "order-burst", account }), { status: 400, json: { error: `${account} has no working order to fill` } });
    assert.equal((await incident({ kind: "order-burst", account: "DU9999999" })).status, 404);
  });

  test("a scenario runs its steps at their offsets; GET /incidents lists what is scheduled; a bad step is refused by number", async () => {
    client = await connectClient();
    const account = sim.accounts[0]!;
    const from = client.infos.length;
    const started = await call("POST", "/scenario", {
      name: "short",
      steps: [
        { at: 0, kind: "farm-outage", farms: ["eufarm"], downSeconds: 0.2 },
        { at: 0.8, kind: "margin-warning", account },
      ],
    });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const status = (await call("GET", "/incidents")).json as { scheduled: Array<{ step: number; incident: { kind: string } }> };
    // Step 1 (at 0) may or may not have run by now; step 2 is 0.8 s away.
    assert.deepEqual(status.scheduled.map((s) => [s.step, s.incident.kind]).at(-1), [2, "margin-warning"]);
    await waitFor("2148", () => client.infos.slice(from).some((i) => i.code === 2148), 10_000);
    assert.deepEqual(noticesSince(from).map(([code]) => code), [2103, 2104, 2148]);

    const bad = await call("POST", "/scenario", { steps: [{ at: 0, kind: "socket-drop" }, { at: 1, kind: "half-open", seconds: "long" }] });
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /^step 2 \(half-open\): seconds/);
    assert.equal((await incident({ kind: "volcano" })).status, 400);
  });
});
