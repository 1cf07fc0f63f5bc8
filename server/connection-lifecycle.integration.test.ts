import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "@/server/config";
import { RiskEngine } from "@/server/risk/engine";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { Collector } from "@/server/ib/collector";
import { CLIENT_ID_IN_USE } from "@/server/risk/alerts/connectivity";
import { RecordingClient } from "@/server/sim/testing/ib-client";

/** "HH:MM-HH:MM UTC" around now, as an operator would write IB_DAILY_RESTART. */
function windowAroundNow(minutes: number): string {
  const at = (offset: number) => new Date(Date.now() + offset * 60_000).toISOString().slice(11, 16);
  return `${at(-minutes)}-${at(minutes)} UTC`;
}

function collectorFor(sim: SimGateway, clientId: number, dailyRestart?: string) {
  const { IB_DAILY_RESTART } = loadConfig(dailyRestart ? { IB_DAILY_RESTART: dailyRestart } : {});
  const collector = new Collector(
    {
      IB_HOST: sim.host,
      IB_PORT: sim.port,
      IB_CLIENT_ID: clientId,
      IB_ACCOUNTS: [],
      IB_RECONNECT_MIN_MS: 100,
      IB_RECONNECT_MAX_MS: 400,
      IB_DAILY_RESTART,
    },
    testLogger(),
  );
  const engine = new RiskEngine({ initialLink: collector.status });
  collector.onEvent((event) => engine.apply(event));
  return { collector, engine };
}

describe("the connection lifecycle against the simulated gateway", () => {
  let sim: SimGateway;
  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 5, accounts: 3, tickMs: 0 });
  });
  after(async () => {
    await sim.close();
  });

  test("1100 marks IB's servers lost since then and its farms broken; 1101 restores them and reconciles positions", async (t) => {
    const { collector, engine } = collectorFor(sim, 201);
    t.after(() => collector.stop());
    collector.start();
    await waitFor("farms OK", () => collector.status.farms.length === 3 && collector.status.farms.every((farm) => farm.state === "ok"));
    assert.deepEqual(collector.status.farms.map((farm) => farm.kind), ["hmds", "market", "secdef"]);
    await waitFor("the positions listed", () => collector.status.pendingRequests === 0 && collector.status.state === "ready");

    const lostAt = Date.now();
    sim.connectivity(1100);
    await waitFor("servers lost", () => collector.status.ibServersLostSince ?? undefined);
    assert.ok(collector.status.ibServersLostSince! >= lostAt, `lost at ${collector.status.ibServersLostSince}, sent at ${lostAt}`);
    await waitFor("farms broken", () => collector.status.farms.filter((farm) => farm.state === "broken").length === 2);
    const facts = engine.connectivityFacts();
    assert.equal(facts.ibServersLostSince, collector.status.ibServersLostSince);
    assert.deepEqual(facts.brokenFarms.map((farm) => farm.kind).sort(), ["hmds", "market"]);
    assert.equal(facts.linkDownSince, null, "our socket is still up");

    sim.connectivity(1101);
    const report = await waitFor("the reconcile after 1101", () => collector.status.lastReconcile ?? undefined);
    assert.equal(report.after, "restored");
    const { added, removed, changed, unchanged } = report.positions;
    assert.deepEqual([added.count, removed.count, changed.count], [0, 0, 0]);
    assert.equal(unchanged, sim.positions().length);
    assert.equal(collector.status.ibServersLostSince, null);
    assert.ok(collector.status.farms.every((farm) => farm.state === "ok"), JSON.stringify(collector.status.farms));
  });

  test("a restart inside the daily window is an expected disconnect; positions traded meanwhile are reported after the reconnect", async (t) => {
    const { collector, engine } = collectorFor(sim, 202, windowAroundNow(30));
    t.after(() => collector.stop());
    collector.start();
    await waitFor("ready", () => collector.status.state === "ready" && collector.status.pendingRequests === 0);
    const [position] = sim.positions();
    assert.ok(position, "the simulator holds positions");
    await waitFor("the position held", () => collector.status.state === "ready" && engine.positionsOf({ kind: "all" }).length === sim.positions().length);
    assert.equal(collector.status.restart.inWindow, true);
    assert.equal(collector.status.restart.expectedDisconnect, false, "nothing is down");

    const restarted = sim.restart(1500);
    await waitFor("the drop", () => collector.status.state !== "ready");
    assert.equal(collector.status.restart.expectedDisconnect, true);
    assert.equal(engine.connectivityFacts().expectedDisconnect, true, "an alert rule can tell");
    sim.trade(position.account, position.conId, position.position + 7);
    await restarted;

    const report = await waitFor("the reconcile after the reconnect", () => collector.status.lastReconcile ?? undefined, 15_000);
    assert.equal(report.after, "reconnect");
    assert.deepEqual(report.positions.changed.listed, [
      { account: position.account, symbol: position.localSymbol, before: position.position, after: position.position + 7 },
    ]);
    assert.equal(collector.status.restart.expectedDisconnect, false, "up again");
    assert.equal(collector.status.downSince, null);
  });

  test("a disconnect outside the window is not expected", async (t) => {
    const far = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(11, 16);
    const later = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(11, 16);
    const { collector } = collectorFor(sim, 203, `${far}-${later} UTC`);
    t.after(() => collector.stop());
    collector.start();
    await waitFor("ready", () => collector.status.state === "ready");
    sim.dropConnections();
    await waitFor("the drop", () => collector.status.state !== "ready" && collector.status.downSince !== null);
    assert.equal(collector.status.restart.expectedDisconnect, false);
    assert.equal(collector.status.restart.inWindow, false);
  });

  test("a client id another client holds (326): the link-down alert says the id is in use by another client", async (t) => {
    const holder = await RecordingClient.connect(sim.host, sim.port, 202);
    t.after(() => holder.disconnect());
    const { collector, engine } = collectorFor(sim, 202);
    t.after(() => collector.stop());
    collector.start();
    await waitFor("the refusal, as the engine knows it", () => engine.connectivityFacts().clientIdInUseSince !== null, 10_000);
    // Past the rule's 10 s without waiting them out: the engine's time is what it is told.
    const alert = await waitFor("the link-down alert", () => {
      engine.apply({ type: "tick", at: Date.now() + 11_000 });
      return engine.activeAlerts().find((candidate) => candidate.rule === "linkDown");
    }, 10_000);
    assert.equal(alert.subject, CLIENT_ID_IN_USE);
    assert.match(alert.message, /client id 202 \(326\) because another API client is connected with it/);
  });
});
