import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FigureKey } from "@/lib/figures";
import type { LinkStatus } from "@/lib/stream";
import type { DomainEvent, IbReading } from "@/server/domain/events";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { Collector } from "./collector";

/** Records what a collector emits: the latest value of every account figure and the link. */
class Recorder {
  readonly values = new Map<string, Partial<Record<FigureKey, IbReading>>>();
  readonly currencies = new Map<string, string>();
  readonly messages: Array<Extract<DomainEvent, { type: "ibMessage" }>> = [];
  readonly links: LinkStatus[] = [];
  /** Every event's type in arrival order, with the queue length the link statuses carry. */
  readonly order: Array<{ type: DomainEvent["type"]; pendingRequests?: number }> = [];
  accounts: readonly string[] = [];

  readonly listener = (event: DomainEvent) => {
    this.order.push({ type: event.type, pendingRequests: event.type === "link" ? event.status.pendingRequests : undefined });
    switch (event.type) {
      case "link":
        this.links.push(event.status);
        break;
      case "accountsListed":
        this.accounts = event.accounts;
        break;
      case "accountValues":
        this.values.set(event.account, { ...this.values.get(event.account), ...event.values });
        if (event.currency) this.currencies.set(event.account, event.currency);
        break;
      case "ibMessage":
        this.messages.push(event);
        break;
    }
  };

  get link(): LinkStatus | undefined {
    return this.links.at(-1);
  }

  /** The figure's last number; undefined before one arrived (or while IB has none). */
  figure(account: string, key: FigureKey): number | undefined {
    const reading = this.values.get(account)?.[key];
    return typeof reading === "number" ? reading : undefined;
  }
}

function collectorFor(sim: SimGateway, clientId: number, accounts: string[] = []) {
  const collector = new Collector(
    {
      IB_HOST: sim.host,
      IB_PORT: sim.port,
      IB_CLIENT_ID: clientId,
      IB_ACCOUNTS: accounts,
      IB_RECONNECT_MIN_MS: 100,
      IB_RECONNECT_MAX_MS: 400,
    },
    testLogger(),
  );
  const recorder = new Recorder();
  collector.onEvent(recorder.listener);
  return { collector, recorder };
}

/** Account-summary values travel with two decimals (ratios with more); compare at that precision. */
function assertClose(actual: number | undefined, expected: number, what: string) {
  assert.ok(actual !== undefined, `${what} arrived`);
  assert.ok(Math.abs(actual - expected) < 0.01, `${what}: ${actual} ≈ ${expected}`);
}

describe("collector against the simulated gateway", () => {
  let sim: SimGateway;
  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 11, accounts: 3, tickMs: 0 });
  });
  after(async () => {
    await sim.close();
  });

  test("becomes ready, lists the accounts and reports the simulator's own figures", async (t) => {
    const { collector, recorder } = collectorFor(sim, 101);
    t.after(() => collector.stop());
    collector.start();
    await waitFor("ready", () => recorder.link?.state === "ready");
    assert.deepEqual([...recorder.accounts], [...sim.accounts]);
    assert.ok(recorder.links.some((status) => status.state === "handshaking"), "went through handshaking");

    for (const account of sim.accounts) {
      const expected = sim.accountFigures(account);
      await waitFor(`P&L of ${account}`, () => recorder.figure(account, "dailyPnL") !== undefined);
      await waitFor(`summary of ${account}`, () => recorder.figure(account, "maintMargin") !== undefined);
      assertClose(recorder.figure(account, "netLiquidation"), expected.netLiquidation, `${account} net liquidation`);
      assertClose(recorder.figure(account, "maintMargin"), expected.maintMargin, `${account} maintenance margin`);
      assertClose(recorder.figure(account, "excessLiquidity"), expected.excessLiquidity, `${account} excess liquidity`);
      assertClose(recorder.figure(account, "dailyPnL"), expected.dailyPnL, `${account} daily P&L`);
      assert.equal(recorder.currencies.get(account), expected.currency);
    }
  });

  test("follows only the accounts it is told to", async (t) => {
    const only = sim.accounts[1]!;
    const { collector, recorder } = collectorFor(sim, 102, [only]);
    t.after(() => collector.stop());
    collector.start();
    await waitFor("net liquidation", () => recorder.figure(only, "netLiquidation"));
    assert.deepEqual([...recorder.accounts], [only]);
    assert.deepEqual([...recorder.values.keys()], [only]);
  });

  test("sees prices move: updated figures arrive after the simulator ticks", async (t) => {
    const { collector, recorder } = collectorFor(sim, 103);
    t.after(() => collector.stop());
    collector.start();
    const account = sim.accounts[0]!;
    await waitFor("daily P&L", () => recorder.figure(account, "dailyPnL") !== undefined);
    sim.shock(5);
    const expected = sim.accountFigures(account);
    await waitFor("the shocked P&L", () => Math.abs(recorder.figure(account, "dailyPnL")! - expected.dailyPnL) < 0.01);
    await waitFor("the shocked net liquidation", () =>
      Math.abs(recorder.figure(account, "netLiquidation")! - expected.netLiquidation) < 0.01,
    );
  });

  test("reconnects after a socket drop with the same client id and subscribes again", async (t) => {
    const { collector, recorder } = collectorFor(sim, 104);
    t.after(() => collector.stop());
    collector.start();
    const account = sim.accounts[0]!;
    await waitFor("first session", () => recorder.figure(account, "netLiquidation"));
    recorder.values.clear();
    const readyBefore = recorder.links.filter((s) => s.state === "ready").length;

    sim.dropConnections();
    await waitFor("the drop", () => recorder.link?.state === "disconnected");
    await waitFor("the second session", () => recorder.links.filter((s) => s.state === "ready").length > readyBefore, 5000);
    assert.equal(collector.connection.status.clientId, 104);
    assert.ok(sim.connectedClientIds().includes(104));
    await waitFor("figures again", () => recorder.figure(account, "netLiquidation") && recorder.figure(account, "dailyPnL") !== undefined);
  });

  test("a client id already in use is refused with 326 and the holder keeps working", async (t) => {
    const holder = collectorFor(sim, 105);
    const intruder = collectorFor(sim, 105);
    t.after(() => {
      holder.collector.stop();
      intruder.collector.stop();
    });
    holder.collector.start();
    await waitFor("holder ready", () => holder.recorder.link?.state === "ready");
    intruder.collector.start();
    await waitFor("326", () => intruder.recorder.messages.find((m) => m.code === 326));
    assert.equal(intruder.recorder.messages.find((m) => m.code === 326)!.severity, "connectivity");
    assert.equal(intruder.collector.connection.status.lastError?.code, 326);
    assert.ok(!intruder.recorder.links.some((s) => s.state === "ready"), "the intruder never became ready");

    holder.recorder.values.clear();
    sim.step(1);
    await waitFor("holder still receives", () => holder.recorder.figure(sim.accounts[0]!, "dailyPnL") !== undefined);
  });

  test("1100 marks IB's servers lost; 1101 restores them and re-subscribes", async (t) => {
    const { collector, recorder } = collectorFor(sim, 106);
    t.after(() => collector.stop());
    collector.start();
    const account = sim.accounts[0]!;
    await waitFor("figures", () => recorder.figure(account, "netLiquidation"));

    sim.connectivity(1100);
    await waitFor("servers lost", () => recorder.link?.ibServersLost === true);
    assert.equal(recorder.link?.state, "ready", "our socket is still up");
    recorder.values.clear();
    sim.connectivity(1101);
    await waitFor("servers back", () => recorder.link?.ibServersLost === false);
    // A fresh subscription starts with the full account summary, without any price move.
    await waitFor("a fresh account summary", () => recorder.figure(account, "maintMargin"));
  });

  test("never holds more than IB's two account summary subscriptions: not after reconnects, 1101 or 1102", async (t) => {
    const { collector, recorder } = collectorFor(sim, 108);
    t.after(() => collector.stop());
    collector.start();
    const account = sim.accounts[0]!;
    await waitFor("figures", () => recorder.figure(account, "netLiquidation"));
    const most = { count: sim.accountSummarySubscriptions(108) };
    const watch = setInterval(() => (most.count = Math.max(most.count, sim.accountSummarySubscriptions(108))), 5);
    t.after(() => clearInterval(watch));
    for (const restored of [1102, 1101, 1102, 1102, 1101] as const) {
      sim.connectivity(1100);
      await waitFor("servers lost", () => recorder.link?.ibServersLost === true);
      recorder.values.clear();
      sim.connectivity(restored);
      await waitFor("servers back", () => recorder.link?.ibServersLost === false);
      sim.step();
      await waitFor("figures again", () => recorder.figure(account, "netLiquidation"));
    }
    sim.dropConnections();
    await waitFor("reconnected", () => sim.connectedClientIds().includes(108) && sim.accountSummarySubscriptions(108) > 0, 5000);
    // The simulator refuses a third with 322 (so it never counts one): RiskDesk's one standing request is all it holds.
    assert.equal(most.count, 1, "one account summary subscription at a time");
    assert.ok(!recorder.messages.some((m) => m.code === 322), "IB's 322 never came");
  });

  test("FA aliases with non-ASCII characters (escaped on the wire from server version 153) show as written", async (t) => {
    // Seed 4 gives one of five accounts the alias "Müller Joint Account".
    const german = await startSimGateway({ port: 0, seed: 4, accounts: 5, tickMs: 0 });
    t.after(() => german.close());
    const expected = german.faConfig().aliases;
    assert.ok(Object.values(expected).some((alias) => alias.includes("Müller")));
    const { collector } = collectorFor(german, 109);
    t.after(() => collector.stop());
    let aliases: Record<string, string> | undefined;
    collector.onEvent((event) => {
      if (event.type === "faConfig" && Object.keys(event.aliases).length > 0) aliases = event.aliases;
    });
    collector.start();
    await waitFor("aliases", () => aliases);
    assert.deepEqual(aliases, expected);
  });

  test("after 1101 the link says requests are queued before any of them is answered, and clears when they have gone", async (t) => {
    const { collector, recorder } = collectorFor(sim, 107);
    t.after(() => collector.stop());
    collector.start();
    const account = sim.accounts[0]!;
    await waitFor("figures", () => recorder.figure(account, "netLiquidation"));
    await waitFor("the start-up queue drained", () => recorder.link?.pendingRequests === 0);
    // Answers to the last start-up requests may still be on their way: let them land first.
    for (let seen = -1; seen !== recorder.order.length; ) {
      seen = recorder.order.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }

    const linksBefore = recorder.links.length;
    const orderBefore = recorder.order.length;
    sim.connectivity(1101);
    await waitFor("the queue drained again", () => recorder.links.slice(linksBefore).some((s) => s.pendingRequests > 0) && recorder.link?.pendingRequests === 0);
    const after1101 = recorder.order.slice(orderBefore);
    const firstQueuedLink = after1101.findIndex((event) => event.type === "link" && event.pendingRequests! > 0);
    const firstData = after1101.findIndex((event) => event.type === "accountValues" || event.type === "positionPnl" || event.type === "position");
    assert.equal(recorder.links.slice(linksBefore).find((s) => s.pendingRequests > 0)!.state, "ready");
    assert.ok(firstQueuedLink >= 0 && (firstData === -1 || firstQueuedLink < firstData), "degraded before re-subscribed data arrives");
  });
});
