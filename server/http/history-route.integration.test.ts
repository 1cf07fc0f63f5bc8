import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closesResponseSchema, historyResponseSchema } from "@/lib/history";
import { figureSamples } from "@/server/history/history-sampler";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { openStore, type Store } from "@/server/store/database";
import { BackendChild } from "@/server/testing/backend-child";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { CLOSES_PATH, closesRoute, HISTORY_PATH, historyRoute } from "./history-route";
import { createRequestHandler } from "./request-handler";

const NOW = Date.UTC(2026, 0, 20, 12, 0, 0);

describe("GET /api/history", () => {
  let dir: string;
  let store: Store;
  let server: Server;
  let base: string;
  let origin: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-history-route-"));
    store = await openStore({ dialect: "sqlite", file: join(dir, "riskdesk.db") }, testLogger());
    const firm = { scope: "all", currency: "USD", figures: { netLiquidation: { value: 1_000_000, changedAt: 0 } } };
    await store.client.figureSample.createMany({ data: [30, 20, 10].flatMap((second) => figureSamples([firm], NOW - second * 1000)) });
    const mayRead = (_request: unknown, scope: string) => scope !== "account:SECRET";
    const routes = {
      [HISTORY_PATH]: historyRoute(store.client, mayRead, () => NOW),
      [CLOSES_PATH]: closesRoute(store.client, mayRead, () => ["DU1"], () => NOW),
    };
    server = createServer(createRequestHandler({ logger: testLogger(), health: () => ({ ok: true }), routes }));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    base = origin + HISTORY_PATH;
  });
  after(async () => {
    server?.closeAllConnections();
    server?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("answers a scope's stored series over the range", async () => {
    const response = await fetch(`${base}?scope=all&range=today`);
    assert.equal(response.status, 200);
    const history = historyResponseSchema.parse(await response.json());
    assert.equal(history.currency, "USD");
    assert.deepEqual(history.points.map((point) => point.at), [NOW - 30_000, NOW - 20_000, NOW - 10_000]);
    assert.equal(history.to, NOW);
  });

  test("a scope without samples is an empty series, not an error", async () => {
    const history = historyResponseSchema.parse(await (await fetch(`${base}?scope=group:Growth&range=1m`)).json());
    assert.deepEqual(history.points, []);
    assert.equal(history.currency, null);
  });

  test("a bad query is a 400 that names the problem and never a stack", async () => {
    const cases: Array<[string, RegExp]> = [
      ["", /scope/],
      ["?scope=everything", /scope: a scope is all, group:<name> or account:<id>/],
      ["?scope=all&range=1y", /range/],
      ["?scope=all&limit=5", /limit/],
      ["?scope=all&scope=group:Growth", /more than once/],
      [`?scope=group:${"x".repeat(300)}`, /scope/],
    ];
    for (const [query, reason] of cases) {
      const response = await fetch(base + query);
      const body = (await response.json()) as { error: string };
      assert.equal(response.status, 400, query);
      assert.match(body.error, reason, query);
      assert.doesNotMatch(body.error, /\n\s+at |\.ts:/, query);
    }
  });

  test("a scope the request may not read is refused", async () => {
    assert.equal((await fetch(`${base}?scope=account:SECRET`)).status, 403);
  });

  test("the closes of a scope's accounts, with the same validation", async () => {
    const response = await fetch(`${origin}${CLOSES_PATH}?scope=all&range=5d`);
    assert.equal(response.status, 200);
    assert.deepEqual(closesResponseSchema.parse(await response.json()), { scope: "all", range: "5d", closes: [] });
    assert.equal((await fetch(`${origin}${CLOSES_PATH}?scope=all&range=1y`)).status, 400);
    assert.equal((await fetch(`${origin}${CLOSES_PATH}?scope=account:SECRET`)).status, 403);
  });

  test("only GET and HEAD", async () => {
    assert.equal((await fetch(`${base}?scope=all`, { method: "POST" })).status, 405);
  });
});

describe("figure history across a restart of RiskDesk", () => {
  let sim: SimGateway;
  let dir: string;
  const backends: BackendChild[] = [];

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 11, accounts: 3, tickMs: 500 });
    dir = await mkdtemp(join(tmpdir(), "riskdesk-restart-"));
  });
  after(async () => {
    for (const backend of backends) await backend.stop();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function firmHistory(backend: BackendChild) {
    const response = await fetch(`http://127.0.0.1:${backend.port}${HISTORY_PATH}?scope=all&range=today`);
    return historyResponseSchema.parse(await response.json()).points;
  }

  test("points stored before a crash are served after the restart, and new ones follow them", async () => {
    const env = { IB_PORT: String(sim.port), SQLITE_PATH: join(dir, "riskdesk.db") };
    const first = await BackendChild.start(env);
    backends.push(first);
    const before = await waitFor("a stored firm sample", async () => (await firmHistory(first)).length > 0 && firmHistory(first), 30_000, 200);
    await first.stop();

    const second = await BackendChild.start(env);
    backends.push(second);
    const lastBefore = before.at(-1)!.at;
    const afterRestart = await firmHistory(second);
    assert.ok(afterRestart.some((point) => point.at === lastBefore), "the sample from before the restart is still there");
    await waitFor("a sample taken after the restart", async () => (await firmHistory(second)).some((point) => point.at > lastBefore), 30_000, 200);
  });
});
