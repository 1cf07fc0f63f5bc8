import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BackendChild } from "@/server/testing/backend-child";
import { HostileGateway, type Script } from "./testing/hostile-gateway";

/** Deterministic bytes (xorshift32), so a failure can be replayed. */
function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

const header = (hex: string) => Buffer.from(hex, "hex");

/** Each connection of the gateway, in order: what it does once the client is connected. */
const FAULTS: Array<{ name: string; code: number; msgId?: number; script: Script }> = [
  { name: "length FFFFFFFC", code: 507, script: async (c) => (await c.handshake(), c.write(header("FFFFFFFC"))) },
  { name: "length FFFFFFFF", code: 507, script: async (c) => (await c.handshake(), c.write(header("FFFFFFFF"))) },
  { name: "length 80000000", code: 507, script: async (c) => (await c.handshake(), c.write(header("80000000"))) },
  { name: "a length above IB's 16 MiB limit", code: 507, script: async (c) => (await c.handshake(), c.write(header("01000000"))) },
  { name: "a length of zero", code: 507, script: async (c) => (await c.handshake(), c.write(header("00000000"))) },
  { name: "64 kB of random bytes", code: 507, script: async (c) => (await c.handshake(), c.write(noise(64 * 1024, 0x9e3779b9))) },
  {
    name: "a frame that is not NUL-terminated fields",
    code: 507,
    script: async (c) => (await c.handshake(), c.write(Buffer.concat([header("00000003"), Buffer.from("abc")]))),
  },
  {
    name: "bad JSON in an error's advanced-reject field, at connect",
    code: 508,
    msgId: 4,
    script: async (c) => (await c.handshake({ nextValidId: false }), c.send([4, 2, -1, 2104, "farm OK", "{not json"])),
  },
  {
    name: "bad JSON in an error's advanced-reject field, later",
    code: 508,
    msgId: 4,
    script: async (c) => (await c.handshake(), c.send([4, 2, 7, 201, "Order rejected", "{not json"])),
  },
  { name: "a negative count in a list message", code: 508, msgId: 78, script: async (c) => (await c.handshake(), c.send([78, -1])) },
];

describe("a gateway that sends what TWS never would", () => {
  let gateway: HostileGateway;
  let backend: BackendChild;

  before(async () => {
    const behave: Script = (c) => c.handshake();
    gateway = await HostileGateway.start([...FAULTS.map((fault) => fault.script), behave]);
    backend = await BackendChild.start({ IB_PORT: String(gateway.port), IB_RECONNECT_MIN_MS: "100", IB_RECONNECT_MAX_MS: "1000" });
  });
  after(async () => {
    await backend?.stop();
    await gateway?.close();
  });

  test("each fault drops that session with a clear log line; the process lives on and reconnects", async () => {
    const faultLines = () => backend.logs.filter((line) => /^the gateway sent .*; dropping the socket$/.test(line.msg));
    const deadline = Date.now() + 30_000;
    for (;;) {
      assert.ok(backend.alive, "the backend process died");
      // Answered within 2 s all along, which a hung event loop could not do.
      const health = await backend.health();
      assert.equal(health.ok, true);
      if (gateway.connections > FAULTS.length && health.ib.state === "ready") break;
      assert.ok(Date.now() < deadline, `stuck after ${gateway.connections} connections in state ${health.ib.state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lines = faultLines();
    assert.equal(lines.length, FAULTS.length, `fault lines: ${lines.map((line) => line.msg).join(" | ")}`);
    FAULTS.forEach((fault, index) => {
      const line = lines[index]!;
      assert.equal(line.code, fault.code, `${fault.name}: ${line.msg}`);
      if (fault.msgId !== undefined) assert.equal(line.msgId, fault.msgId, fault.name);
      assert.equal(line.level, 50, `${fault.name} is logged as an error`);
    });
    assert.equal(gateway.connections, FAULTS.length + 1);
    assert.ok(!backend.logs.some((line) => line.level >= 60), "nothing fatal was logged");
  });
});
