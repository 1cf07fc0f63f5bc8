import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "@/server/testing/wait-for";
import { startSimGateway, type SimGateway } from "./gateway";
import { RecordingClient } from "./testing/ib-client";
import { RawClient } from "./testing/raw-client";

const isError = (code: number) => (m: string[]) => m[0] === "4" && m[3] === String(code);

describe("simulated gateway on the wire", () => {
  let sim: SimGateway;
  let bystander: RecordingClient;
  const raws: RawClient[] = [];
  const open = async () => {
    const raw = await RawClient.open(sim.port, sim.host);
    raws.push(raw);
    return raw;
  };

  /** The well-behaved client beside every misbehaving one: it must keep being served. */
  async function assertBystanderServed() {
    const before = bystander.pnl.length;
    sim.step();
    await waitFor("bystander P&L", () => bystander.pnl.length > before);
    await bystander.sync();
  }

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 3, accounts: 3, tickMs: 0 });
    bystander = await RecordingClient.connect(sim.host, sim.port, 1);
    bystander.ib.reqPnL(1, sim.accounts[0]!);
    await waitFor("bystander P&L", () => bystander.pnl.length > 0);
  });
  after(async () => {
    for (const raw of raws) raw.close();
    bystander.disconnect();
    await sim.close();
  });

  test("a client announcing v100..150 is served at 150, with the v150 message layouts", async () => {
    const raw = await open();
    assert.equal(await raw.start(10, "v100..150"), 150);
    assert.equal(raw.messages[0]![1]!.length > 0, true, "connection time");
    assert.deepEqual(raw.messages[1], ["15", "1", "DU1000001,DU1000002,DU1000003"]);
    assert.deepEqual(raw.messages[2], ["9", "1", "1"]);
    // Below 166 ERR_MSG has no advancedOrderRejectJson field.
    assert.deepEqual(raw.messages[3], ["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm"]);
  });

  test("below 135 PNL carries no realized P&L", async () => {
    const raw = await open();
    assert.equal(await raw.start(12, "v100..130"), 130);
    raw.send([92, 5, "DU1000001", ""]);
    const pnl = await raw.waitFor("pnl", (m) => m[0] === "94");
    assert.equal(pnl.length, 4);
  });

  test("at 193 ERR_MSG carries the advancedOrderRejectJson field and PNL all three values", async () => {
    const raw = await open();
    assert.equal(await raw.start(11), 193);
    assert.deepEqual(raw.messages[3], ["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""]);
    raw.send([92, 5, "DU1000001", ""]);
    const pnl = await raw.waitFor("pnl", (m) => m[0] === "94");
    assert.equal(pnl.length, 5);
  });

  test("connect options after the range (+PACEAPI) are accepted; a handshake in single bytes works", async () => {
    const raw = await open();
    for (const byte of RawClient.handshakeBytes("v100..193 +PACEAPI")) raw.write(Buffer.from([byte]));
    const hello = await raw.waitFor("server version", (m) => m.length === 2);
    assert.equal(hello[0], "193");
    assert.match(hello[1]!, /^\d{8} \d{2}:\d{2}:\d{2} E[SD]T$/);
  });

  test("a client whose range starts above ours gets our version (refusing it is the client's job)", async () => {
    const raw = await open();
    raw.write(RawClient.handshakeBytes("v201..221"));
    const hello = await raw.waitFor("server version", (m) => m.length === 2);
    assert.equal(hello[0], "193");
  });

  test("a client below version 100 is closed without an answer", async () => {
    const raw = await open();
    raw.write(RawClient.handshakeBytes("v70..99"));
    await raw.closed;
    assert.deepEqual(raw.messages, []);
    await assertBystanderServed();
  });

  for (const [what, bytes] of [
    ["bytes that are not API\\0", Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n")],
    ["an unparsable version range", RawClient.handshakeBytes("hello")],
  ] as const) {
    test(`a handshake with ${what} closes that client only`, async () => {
      const raw = await open();
      raw.write(bytes);
      await raw.closed;
      assert.deepEqual(raw.messages, []);
      await assertBystanderServed();
    });
  }

  const length = (n: number) => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(n);
    return header;
  };
  for (const [what, bytes] of [
    ["a non-numeric message id", Buffer.concat([length(6), Buffer.from("abc\x001\x00")])],
    ["a length above the limit", length(50_000_000)],
    ["a zero length", length(0)],
    ["a frame without its final NUL", Buffer.concat([length(4), Buffer.from("49\x001")])],
  ] as const) {
    test(`${what} after the handshake closes that client only`, async () => {
      const raw = await open();
      const clientId = 20 + raws.length;
      await raw.start(clientId);
      raw.write(bytes);
      await raw.closed;
      await assertBystanderServed();
      assert.ok(!sim.connectedClientIds().includes(clientId), "client id released");
    });
  }

  test("a request before START_API closes the connection", async () => {
    const raw = await open();
    raw.write(RawClient.handshakeBytes("v100..193"));
    await raw.waitFor("server version", (m) => m.length === 2);
    raw.send([49, 1]);
    await raw.closed;
    await assertBystanderServed();
  });

  test("an unknown message id gets 320; a request with missing fields gets 320 with its id; the client stays", async () => {
    const raw = await open();
    await raw.start(40);
    raw.send([999, 1, 2]);
    const unknown = await raw.waitFor("320", isError(320));
    assert.equal(unknown[2], "-1");
    raw.send([62, 1, 7]); // REQ_ACCOUNT_SUMMARY without group and tags
    const malformed = await raw.waitFor("320 for 7", (m) => isError(320)(m) && m[2] === "7");
    assert.match(malformed[4]!, /missing field group/);
    raw.send([49, 1]);
    await raw.waitFor("current time", (m) => m[0] === "49");
    assert.equal(raw.isClosed, false);
  });

  test("the 326 refusal comes after the server version, then the socket closes", async () => {
    const raw = await open();
    raw.write(RawClient.handshakeBytes("v100..193"));
    await raw.waitFor("server version", (m) => m.length === 2);
    raw.send([71, 2, 1, ""]); // the bystander's id
    const refusal = await raw.waitFor("326", isError(326));
    assert.equal(refusal[2], "-1");
    await raw.closed;
    assert.equal(raw.messages.length, 2, "nothing but the version and the refusal");
    await assertBystanderServed();
  });
});
