import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startControlServer, type ControlServer } from "./control-http";
import { startSimGateway, type SimGateway } from "./gateway";

describe("control HTTP", () => {
  let sim: SimGateway;
  let control: ControlServer;
  const call = async (method: string, path: string, body?: string) => {
    const headers = method === "GET" ? undefined : { "content-type": "application/json" };
    const response = await fetch(`http://127.0.0.1:${control.port}${path}`, { method, body, headers });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    sim = await startSimGateway({ port: 0, accounts: 2, tickMs: 0 });
    control = await startControlServer(sim, 0);
  });
  after(async () => {
    await control.close();
    await sim.close();
  });

  test("GET /health and /accounts report the gateway", async () => {
    const health = await call("GET", "/health");
    assert.equal(health.status, 200);
    assert.equal(health.json.port, sim.port);
    const accounts = await call("GET", "/accounts");
    const list = accounts.json.accounts as Array<{ id: string; figures: { netLiquidation: number } }>;
    assert.deepEqual(list.map((a) => a.id), [...sim.accounts]);
    assert.equal(list[0]!.figures.netLiquidation, sim.accountFigures(sim.accounts[0]!).netLiquidation);
  });

  test("POST /step and /shock act on the gateway", async () => {
    const before = sim.tickCount;
    assert.deepEqual(await call("POST", "/step", JSON.stringify({ ticks: 3 })), { status: 200, json: { tickCount: before + 3 } });
    const nlv = sim.accountFigures(sim.accounts[0]!).netLiquidation;
    assert.equal((await call("POST", "/shock", JSON.stringify({ percent: -5 }))).status, 200);
    assert.notEqual(sim.accountFigures(sim.accounts[0]!).netLiquidation, nlv);
  });

  test("bad bodies, unknown symbols, routes and methods get clear 4xx errors", async () => {
    const wrongType = await call("POST", "/step", JSON.stringify({ ticks: "many" }));
    assert.equal(wrongType.status, 400);
    assert.ok(JSON.stringify(wrongType.json.details).includes("ticks"));
    assert.equal((await call("POST", "/step", "{not json")).status, 400);
    assert.equal((await call("POST", "/connectivity", JSON.stringify({ code: 1234 }))).status, 400);
    assert.equal((await call("POST", "/restart", JSON.stringify({}))).status, 400);
    const unknownSymbol = await call("POST", "/shock", JSON.stringify({ percent: 1, symbol: "NOPE" }));
    assert.deepEqual(unknownSymbol, { status: 400, json: { error: "no instrument with symbol NOPE" } });
    assert.equal((await call("GET", "/nowhere")).status, 404);
    assert.equal((await call("GET", "/step")).status, 405);
  });

  test("GET /positions (all or ?account=), POST /trade and GET /fa; /accounts carries the aliases", async () => {
    const all = await call("GET", "/positions");
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.positions, sim.positions());
    const account = sim.accounts[1]!;
    const one = await call("GET", `/positions?account=${account}`);
    assert.deepEqual(one.json.positions, sim.positions(account));
    assert.equal((await call("GET", "/positions?account=DU9999999")).status, 404);

    const stock = sim.positions(account).find((p) => p.secType === "STK" && p.currency === "USD")!;
    const trade = await call("POST", "/trade", JSON.stringify({ account, conId: stock.conId, quantity: 0 }));
    assert.equal(trade.status, 200);
    const changed = trade.json.changed as Array<{ conId: number; position: number }>;
    assert.deepEqual(changed.map((c) => [c.conId, c.position]), [[stock.conId, 0]]);
    assert.ok(!sim.positions(account).some((p) => p.conId === stock.conId));

    const accounts = (await call("GET", "/accounts")).json.accounts as Array<{ id: string; alias: string }>;
    assert.deepEqual(accounts.map((a) => a.alias), sim.accounts.map((id) => sim.alias(id)));
    assert.deepEqual((await call("GET", "/fa")).json, sim.faConfig());
  });

  test("POST /trade refuses bad bodies, unknown accounts, unknown conIds and fractional shares", async () => {
    const account = sim.accounts[0]!;
    const stock = sim.positions(account).find((p) => p.secType === "STK")!;
    const cases: Array<[unknown, number, RegExp]> = [
      [{ account, conId: stock.conId }, 400, /invalid body/],
      [{ account, conId: "x", quantity: 1 }, 400, /invalid body/],
      [{ account: "DU9999999", conId: stock.conId, quantity: 1 }, 404, /unknown account/],
      [{ account, conId: 999, quantity: 1 }, 400, /unknown conId 999/],
      [{ account, conId: stock.conId, quantity: 1.5 }, 400, /whole numbers/],
    ];
    for (const [body, status, message] of cases) {
      const response = await call("POST", "/trade", JSON.stringify(body));
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(String(response.json.error), message);
    }
    assert.equal(sim.positions(account).find((p) => p.conId === stock.conId)!.position, stock.position);
  });

  test("a cross-site request cannot drive it: text/plain, a foreign Origin or Host are refused and change nothing", async () => {
    const ticks = sim.tickCount;
    const url = `http://127.0.0.1:${control.port}/step`;
    const plain = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "text/plain" } });
    assert.equal(plain.status, 415);
    assert.equal((await fetch(url, { method: "POST" })).status, 415);
    const foreign = await fetch(url, { method: "POST", body: "{}", headers: { "content-type": "application/json", origin: "http://evil.example" } });
    assert.equal(foreign.status, 403);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: control.port, path: "/accounts", headers: { host: "evil.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(rebound, 403);
    assert.equal(sim.tickCount, ticks);
  });

  test("POST /override scripts what the gateway sends for a figure or a position, and refuses what it cannot", async () => {
    const account = sim.accounts[0]!;
    const stock = sim.positions(account).find((p) => p.secType === "STK")!;
    const ok: unknown[] = [
      { account, tag: "NetLiquidation", value: "unset" },
      { account, tag: "MaintMarginReq", value: "garbage" },
      { account, tag: "Cushion", value: 1e308 },
      { account, tag: "NetLiquidation", value: null },
      { account, conId: stock.conId, field: "avgCost", value: "abc" },
      { account, conId: stock.conId, field: "avgCost", value: null },
    ];
    for (const body of ok) assert.equal((await call("POST", "/override", JSON.stringify(body))).status, 200, JSON.stringify(body));
    const refused: Array<[unknown, number]> = [
      [{ account, tag: "NoSuchTag", value: "unset" }, 400],
      [{ account, tag: "NetLiquidation" }, 400],
      [{ account, conId: stock.conId, field: "strike", value: 1 }, 400],
      [{ account: "DU9999999", tag: "NetLiquidation", value: "unset" }, 404],
      [{ account, conId: 999, field: "position", value: 1 }, 404],
    ];
    for (const [body, status] of refused) assert.equal((await call("POST", "/override", JSON.stringify(body))).status, status, JSON.stringify(body));
  });

  test("GET /orders lists every order; POST /orders places one as a client id or manually; POST /read-only", async () => {
    const listed = (await call("GET", "/orders")).json.orders as Array<Record<string, unknown>>;
    assert.deepEqual(listed, JSON.parse(JSON.stringify(sim.orders())));
    const keys = ["orderId", "clientId", "permId", "account", "symbol", "action", "totalQuantity", "orderType", "lmtPrice", "auxPrice", "tif", "status", "filled", "remaining", "orderRef"];
    for (const key of keys) assert.ok(key in listed[0]!, key);

    const account = sim.accounts[0]!;
    const asClient = await call("POST", "/orders", JSON.stringify({ account, symbol: "MSFT", action: "SELL", quantity: 5, orderType: "LMT", lmtPrice: 9999, tif: "GTC", clientId: 9 }));
    assert.equal(asClient.status, 200);
    const placed = sim.orders().find((o) => o.permId === asClient.json.permId)!;
    assert.deepEqual(
      { orderId: placed.orderId, clientId: placed.clientId, symbol: placed.symbol, status: placed.status, remaining: placed.remaining, lmtPrice: placed.lmtPrice },
      { orderId: asClient.json.orderId, clientId: 9, symbol: "MSFT", status: "Submitted", remaining: 5, lmtPrice: 9999 },
    );
    const manual = await call("POST", "/orders", JSON.stringify({ account, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "STP", auxPrice: 9999 }));
    assert.equal(manual.json.orderId, 0);
    assert.equal(sim.orders().find((o) => o.permId === manual.json.permId)?.clientId, 0);

    const refused: Array<[unknown, RegExp]> = [
      [{ account, symbol: "NOPE", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1 }, /No security definition/],
      [{ account, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT" }, /limit price/],
      [{ account: "DU9999999", symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1 }, /Order rejected/],
      [{ account, symbol: "AAPL", action: "HOLD", quantity: 1, orderType: "LMT", lmtPrice: 1 }, /invalid body/],
      [{ account, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "MOC", tif: "GTC" }, /DAY for MOC/],
    ];
    for (const [body, message] of refused) {
      const response = await call("POST", "/orders", JSON.stringify(body));
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(String(response.json.error), message);
    }

    assert.deepEqual((await call("POST", "/read-only", JSON.stringify({ on: true }))).json, { readOnly: true });
    assert.equal(sim.readOnly, true);
    assert.equal((await call("POST", "/read-only", JSON.stringify({ on: "yes" }))).status, 400);
    assert.deepEqual((await call("POST", "/read-only", JSON.stringify({ on: false }))).json, { readOnly: false });
  });

  test("POST /pause and /resume toggle the tick timer", async () => {
    assert.deepEqual((await call("POST", "/pause")).json, { paused: true });
  });
});
