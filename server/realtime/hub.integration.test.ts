import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import {
  DEFAULT_VIEW,
  deltaSchema,
  snapshotSchema,
  STREAM_EVENTS,
  type ClientToServerEvents,
  type Delta,
  type ServerToClientEvents,
  type Snapshot,
} from "@/lib/stream";
import { startMonitor, type Monitor } from "@/server/monitor";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { attachStreamHub, type StreamHub } from "./hub";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A browser stand-in: validates what it receives and keeps everything in order. */
function recordingClient(url: string, { ack = true } = {}) {
  const socket: Client = connectClient(url, { transports: ["websocket"], reconnection: false });
  const snapshots: Snapshot[] = [];
  const deltas: Delta[] = [];
  socket.on(STREAM_EVENTS.snapshot, (payload) => snapshots.push(snapshotSchema.parse(payload)));
  socket.on(STREAM_EVENTS.delta, (payload, done) => {
    deltas.push(deltaSchema.parse(payload));
    if (ack) done();
  });
  return { socket, snapshots, deltas };
}

describe("stream hub over the monitor and the simulated gateway", () => {
  let sim: SimGateway;
  let monitor: Monitor;
  let server: Server;
  let hub: StreamHub;
  let url: string;
  const clients: Client[] = [];

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 5, accounts: 2, tickMs: 0 });
    monitor = startMonitor(
      { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: 201, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
      testLogger(),
      { historySampleMs: 50, linkRefreshMs: 50 },
    );
    server = createServer();
    hub = attachStreamHub(server, monitor.publication, testLogger());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await waitFor("the book to fill", () => {
      const snapshot = monitor.publication.snapshot(DEFAULT_VIEW);
      return snapshot.link.state === "ready" && snapshot.firm.figures.netLiquidation !== undefined;
    });
  });

  after(async () => {
    for (const client of clients) client.disconnect();
    await hub.close();
    monitor.stop();
    await sim.close();
  });

  test("a new client gets a snapshot with the simulator's figures, then numbered deltas", async () => {
    const client = recordingClient(url);
    clients.push(client.socket);
    const snapshot = await waitFor("snapshot", () => client.snapshots[0]);
    assert.equal(snapshot.link.state, "ready");
    assert.deepEqual(snapshot.accounts.map((a) => a.accountId), [...sim.accounts]);
    for (const account of snapshot.accounts) {
      const expected = sim.accountFigures(account.accountId).netLiquidation;
      assert.ok(Math.abs(account.figures.netLiquidation!.value - expected) < 0.01, `${account.accountId} NLV`);
    }

    sim.shock(-3);
    const moved = sim.accountFigures(sim.accounts[0]!).netLiquidation;
    await waitFor("a delta with the moved account", () =>
      client.deltas.some((d) => d.accounts?.some((a) => Math.abs((a.figures.netLiquidation?.value ?? 0) - moved) < 0.01)),
    );
    client.deltas.forEach((delta, index) => assert.equal(delta.seq, snapshot.seq + index + 1, "consecutive seq"));
    await waitFor("history points", () => client.deltas.some((d) => d.history?.length));
  });

  test("deltas are coalesced: at most one unacknowledged delta per client", async () => {
    const client = recordingClient(url, { ack: false });
    clients.push(client.socket);
    await waitFor("snapshot", () => client.snapshots[0]);
    for (let i = 0; i < 5; i++) {
      sim.step(1);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    assert.equal(client.deltas.length, 1, "a client that does not acknowledge gets no second delta");
  });

  test("a resync request is answered with a fresh snapshot; a malformed one is ignored", async () => {
    const client = recordingClient(url);
    clients.push(client.socket);
    await waitFor("snapshot", () => client.snapshots[0]);
    client.socket.emit(STREAM_EVENTS.resync, { lastSeq: "not a number", reason: 42 });
    client.socket.emit(STREAM_EVENTS.resync, "garbage");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(client.snapshots.length, 1, "malformed requests change nothing");
    client.socket.emit(STREAM_EVENTS.resync, { lastSeq: 0, reason: "gap" });
    const fresh = await waitFor("second snapshot", () => client.snapshots[1]);
    assert.ok(fresh.seq >= client.snapshots[0]!.seq);
    assert.ok(client.socket.connected, "still connected");
  });

  test("the link status reaches clients when the gateway drops the socket", async () => {
    const client = recordingClient(url);
    clients.push(client.socket);
    await waitFor("snapshot", () => client.snapshots[0]);
    sim.dropConnections();
    await waitFor("link down", () => client.deltas.some((d) => d.link && d.link.state !== "ready"));
    const downAt = client.deltas.findIndex((d) => d.link && d.link.state !== "ready");
    await waitFor("link back", () => client.deltas.slice(downAt + 1).some((d) => d.link?.state === "ready"), 5000);
  });
});
