import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket as NetSocket } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { io as connectClient, type Socket } from "socket.io-client";
import { STREAM_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/stream";
import { startMonitor, type Monitor } from "@/server/monitor";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import { DEFAULT_SESSION_LIMITS } from "./client-session";
import { attachStreamHub, type StreamHub } from "./hub";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const HOSTILE_CLIENTS = 8;
const SNAPSHOT_ACK_TIMEOUT_MS = 1500;

/** The TCP socket under a Node socket.io-client's WebSocket (engine.io-client on ws). */
function tcpSocketOf(client: Client): NetSocket {
  return (client.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;
}

describe("hostile stream clients", () => {
  let sim: SimGateway;
  let monitor: Monitor;
  let server: Server;
  let hub: StreamHub;
  let url: string;
  const logLines: Array<{ msg: string }> = [];

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 9, accounts: 12, positionsPerAccount: 40, tickMs: 0, maxMessagesPerSecond: 10_000 });
    monitor = startMonitor(
      { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: 301, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
      testLogger(),
      { collector: { maxRequestsPerSecond: 2000 } },
    );
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as { msg: string });
        done();
      },
    });
    server = createServer();
    hub = attachStreamHub(server, monitor.publication, pino({ level: "info" }, capture), {
      ...DEFAULT_SESSION_LIMITS,
      snapshotAckTimeoutMs: SNAPSHOT_ACK_TIMEOUT_MS,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await waitFor("the book to fill", () => monitor.collector.status.state === "ready" && monitor.collector.status.pendingRequests === 0, 10_000);
  });

  after(async () => {
    await hub.close();
    monitor.stop();
    await sim.close();
  });

  test("clients that ask for snapshots and never read them are sent one each, then dropped, and memory stays flat", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const clients: Client[] = [];
    const snapshotsReceived: number[] = [];
    for (let i = 0; i < HOSTILE_CLIENTS; i++) {
      const client: Client = connectClient(url, {
        transports: ["websocket"],
        reconnection: false,
        auth: { view: { scope: "all", positions: true, exposure: true } },
      });
      snapshotsReceived.push(0);
      client.on(STREAM_EVENTS.snapshot, () => (snapshotsReceived[i]! += 1));
      // Stops reading before the first snapshot can arrive; the requests still go out.
      client.on("connect", () => tcpSocketOf(client).pause());
      clients.push(client);
    }
    await waitFor("every hostile client connected", () => hub.clientCount === HOSTILE_CLIENTS && clients.every((c) => c.connected));

    const spam = setInterval(() => {
      for (const client of clients) client.emit(STREAM_EVENTS.resync, { lastSeq: 0, reason: "hostile" });
    }, 5);
    try {
      await waitFor("every hostile client dropped", () => hub.clientCount === 0, SNAPSHOT_ACK_TIMEOUT_MS + 5000);
    } finally {
      clearInterval(spam);
    }
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    assert.ok(heapGrowthMb < 64, `heap grew by ${heapGrowthMb.toFixed(1)} MiB`);
    const drops = logLines.filter((line) => line.msg.startsWith("dropping a stream client"));
    assert.equal(drops.length, HOSTILE_CLIENTS, "each drop is logged");
    assert.ok(
      logLines.filter((line) => line.msg === "client asked for a fresh snapshot").length <= HOSTILE_CLIENTS * 2,
      "a flood of requests is not a flood of log lines",
    );

    // Whatever the server had queued before it dropped them: one snapshot each, never one per request.
    for (const client of clients) tcpSocketOf(client).resume();
    await waitFor("the clients see the drop", () => clients.every((client) => !client.connected), 5000);
    assert.ok(snapshotsReceived.every((count) => count <= 1), `snapshots received: ${snapshotsReceived.join(", ")}`);
  });
});
