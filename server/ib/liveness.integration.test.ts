import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import type { LinkStatus } from "@/lib/stream";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { Collector, type CollectorOptions } from "./collector";

function collectorAt(port: number, clientId: number, options: CollectorOptions) {
  const collector = new Collector(
    { IB_HOST: "127.0.0.1", IB_PORT: port, IB_CLIENT_ID: clientId, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 200 },
    testLogger(),
    options,
  );
  const links: LinkStatus[] = [];
  collector.onEvent((event) => {
    if (event.type === "link") links.push(event.status);
  });
  collector.start();
  return { collector, links };
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A TCP relay to the simulator that can go silent both ways without closing anything. */
class Blackhole {
  frozen = false;
  readonly sockets: Socket[] = [];
  readonly server = createServer((client) => {
    const upstream = connect(this.target, "127.0.0.1");
    this.sockets.push(client, upstream);
    client.on("data", (chunk) => this.frozen || upstream.write(chunk));
    upstream.on("data", (chunk) => this.frozen || client.write(chunk));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  constructor(private readonly target: number) {}
  close() {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }
}

describe("a link that goes silent", () => {
  let sim: SimGateway;
  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 2, accounts: 1, tickMs: 0 });
  });
  after(() => sim.close());

  test("a gateway that accepts the socket but never answers is dropped and retried", async (t) => {
    const mute = createServer(() => {});
    t.after(() => mute.close());
    const { collector, links } = collectorAt(await listening(mute), 401, { handshakeTimeoutMs: 300 });
    t.after(() => collector.stop());
    await waitFor("a second attempt", () => links.filter((s) => s.state === "connecting").length >= 2, 3000);
    assert.ok(!links.some((s) => s.state === "ready"));
    assert.match(collector.connection.status.lastError?.message ?? "", /handshake timed out/);
  });

  test("a ready link whose heartbeat goes unanswered is dropped and reconnects", async (t) => {
    const relay = new Blackhole(sim.port);
    t.after(() => relay.close());
    const { collector, links } = collectorAt(await listening(relay.server), 402, { heartbeatAfterMs: 300, probeTimeoutMs: 300 });
    t.after(() => collector.stop());
    await waitFor("ready", () => collector.connection.isReady, 3000);
    // An idle simulator (no ticks) stays quiet: the heartbeat alone keeps the link proven.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(links.filter((s) => s.state === "disconnected").length, 0, "an answered heartbeat keeps the link up");

    relay.frozen = true;
    await waitFor("the dead link dropped", () => links.some((s) => s.state === "disconnected"), 5000);
    assert.match(collector.connection.status.lastError?.message ?? "", /heartbeat/);
    relay.frozen = false;
    await waitFor("a new session", () => links.filter((s) => s.state === "ready").length >= 2, 5000);
  });

  test("RiskDesk's own stall right after a heartbeat goes out does not drop a gateway that answered", async (t) => {
    const { collector, links } = collectorAt(sim.port, 403, { heartbeatAfterMs: 300, probeTimeoutMs: 300 });
    t.after(() => collector.stop());
    await waitFor("ready", () => collector.connection.isReady, 3000);
    const { api } = collector.connection;
    const probe = api.reqCurrentTime.bind(api);
    let stalls = 0;
    // The answer arrives while the loop is blocked and waits, unread, in the socket.
    api.reqCurrentTime = () => {
      probe();
      if (stalls++ === 0) blockEventLoop(2500);
      return api;
    };
    await waitFor("a probe and its stall", () => stalls > 0, 5000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(links.filter((s) => s.state === "disconnected").length, 0, "the stall was not taken for a dead gateway");
    assert.ok(collector.connection.isReady);
  });
});

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs, as under a flood of work
  }
}
