import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import {
  decodeMessage,
  DEFAULT_VIEW,
  deltaSchema,
  snapshotSchema,
  STREAM_EVENTS,
  type Delta,
  type ServerToClientEvents,
  type Snapshot,
  type UncheckedClientEvents,
} from "@/lib/stream";
import { accountOfPositionKey, positionKey } from "@/lib/positions";
import { groupScope } from "@/lib/scope";
import { startMonitor, type Monitor } from "@/server/monitor";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { attachStreamHub, type StreamHub } from "./hub";

/** Sends anything, as a broken or hostile browser may. */
type Client = Socket<ServerToClientEvents, UncheckedClientEvents>;

/** A browser stand-in: validates what it receives and keeps everything in order. */
function recordingClient(url: string, { ack = true, view }: { ack?: boolean; view?: unknown } = {}) {
  const socket: Client = connectClient(url, { transports: ["websocket"], reconnection: false, auth: view ? { view } : {} });
  const snapshots: Snapshot[] = [];
  const deltas: Delta[] = [];
  socket.on(STREAM_EVENTS.snapshot, (seq, body, done) => {
    snapshots.push(snapshotSchema.parse(decodeMessage(seq, body)));
    done();
  });
  socket.on(STREAM_EVENTS.delta, (seq, body, done) => {
    deltas.push(deltaSchema.parse(decodeMessage(seq, body)));
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
    sim = await startSimGateway({ port: 0, seed: 5, accounts: 3, tickMs: 0 });
    monitor = startMonitor(
      { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: 201, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
      testLogger(),
      { historySampleMs: 50, linkRefreshMs: 50 },
    );
    server = createServer();
    hub = attachStreamHub(server, monitor.publication, testLogger());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await waitFor(
      "the book to fill",
      () => {
        const snapshot = monitor.publication.snapshot({ ...DEFAULT_VIEW, positions: true });
        return (
          snapshot.link.state === "ready" &&
          snapshot.firm.figures.netLiquidation !== undefined &&
          snapshot.groups.length > 0 &&
          snapshot.positions.length === sim.positions().length &&
          snapshot.positions.every((position) => position.marketValueBase !== null)
        );
      },
      10_000,
    );
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
      assert.ok(Math.abs(account.figures.netLiquidation!.value! - expected) < 0.01, `${account.accountId} NLV`);
    }

    sim.shock(-3);
    const moved = sim.accountFigures(sim.accounts[0]!).netLiquidation;
    const netLiquidationsSent = (d: Delta) => [
      ...(d.accounts ?? []).map((a) => a.figures.netLiquidation?.value),
      ...(d.accountFigures ?? []).map(([, patch]) => patch.netLiquidation?.value),
    ];
    await waitFor("a delta with the moved account", () =>
      client.deltas.some((d) => netLiquidationsSent(d).some((value) => Math.abs((value ?? 0) - moved) < 0.01)),
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

  test("a client viewing one FA group with positions gets that group's totals, positions and exposure only", async () => {
    const client = recordingClient(url);
    clients.push(client.socket);
    await waitFor("snapshot", () => client.snapshots[0]);
    assert.deepEqual(client.snapshots[0]!.positions, [], "no positions unless asked for");

    const group = sim.faConfig().groups.find((candidate) => candidate.accounts.length < sim.accounts.length)!;
    const members = new Set(group.accounts);
    const scope = groupScope(group.name);
    client.socket.emit(STREAM_EVENTS.view, { scope: 42 });
    client.socket.emit(STREAM_EVENTS.view, { scope, positions: true, exposure: true });
    const snapshot = await waitFor("the group's snapshot", () => client.snapshots.find((s) => s.view.scope === scope));
    assert.equal(client.snapshots.length, 2, "the malformed view was ignored");

    const expected = sim.positions().filter((position) => members.has(position.account));
    assert.deepEqual(snapshot.positions.map((p) => p.key).sort(), expected.map((p) => positionKey(p.account, p.conId)).sort());
    assert.equal(snapshot.exposure?.scope, scope);
    const totals = snapshot.groups.find((candidate) => candidate.name === group.name)!;
    const memberNetLiq = group.accounts.reduce((sum, id) => sum + sim.accountFigures(id).netLiquidation, 0);
    assert.ok(Math.abs(totals.figures.netLiquidation!.value! - memberNetLiq) < 0.05, "group total = sum of members");

    const before = client.deltas.length;
    sim.step(2);
    // After a price move only live figures change: they come as compact tuples.
    await waitFor("position figures", () => client.deltas.slice(before).some((d) => d.positionFigures?.length));
    for (const delta of client.deltas.slice(before)) {
      const keys = [...(delta.positions ?? []).map((p) => p.key), ...(delta.positionFigures ?? []).map(([key]) => key)];
      for (const key of keys) assert.ok(members.has(accountOfPositionKey(key)), `${key} is in the group`);
    }
  });

  test("a view sent with the handshake gets its first snapshot; repeating it sends nothing more", async () => {
    const scope = groupScope(sim.faConfig().groups[0]!.name);
    const client = recordingClient(url, { view: { scope, positions: true, exposure: true } });
    clients.push(client.socket);
    const snapshot = await waitFor("snapshot", () => client.snapshots[0]);
    assert.deepEqual(snapshot.view, { scope, positions: true, exposure: true });
    assert.ok(snapshot.positions.length > 0);
    client.socket.emit(STREAM_EVENTS.view, { scope, positions: true, exposure: true });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(client.snapshots.length, 1);
  });

  test("the link status reaches clients while the gateway is down, and again when it is back", async () => {
    const client = recordingClient(url);
    clients.push(client.socket);
    const snapshot = await waitFor("snapshot", () => client.snapshots[0]);
    // Deltas coalesce: an outage shorter than a flush may only show as a new stateSince.
    // A restart refuses connections long enough for the down state to be seen.
    await sim.restart(600);
    await waitFor("link down", () => client.deltas.some((d) => d.link && d.link.state !== "ready"));
    const downAt = client.deltas.findIndex((d) => d.link && d.link.state !== "ready");
    const back = await waitFor("link back", () => client.deltas.slice(downAt + 1).find((d) => d.link?.state === "ready")?.link, 10_000);
    assert.ok(back.stateSince > snapshot.link.stateSince, "a new session");
  });
});
