import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventName, IBApi } from "@stoqey/ib";
import { encodeFrame } from "@/server/tws-wire/frames";
import { FrameGuard, type WireFault } from "./frame-guard";

/** A guard on a real IBApi that never connects: bytes are pushed in as its socket would. */
function guarded() {
  const api = new IBApi({ port: 1 });
  const faults: WireFault[] = [];
  const guard = new FrameGuard(api, (fault) => faults.push(fault));
  const socket = (api as unknown as { controller: { socket: { onData(data: Buffer): void; neverReceived: boolean } } }).controller.socket;
  socket.neverReceived = false; // as after the server-version message
  const times: string[] = [];
  api.on(EventName.currentTime, (time: number) => times.push(String(time)));
  return { guard, faults, times, push: (bytes: Buffer) => socket.onData(bytes) };
}

describe("the frame guard", () => {
  test("hands whole messages to the library whatever the chunk boundaries", () => {
    const { faults, times, push } = guarded();
    const bytes = Buffer.concat([encodeFrame([49, 1, 1700000000]), encodeFrame([49, 1, 1700000001])]);
    for (const byte of bytes) push(Buffer.from([byte]));
    assert.deepEqual(times, ["1700000000", "1700000001"]);
    assert.deepEqual(faults, []);
  });

  for (const hex of ["FFFFFFFC", "FFFFFFFF", "80000000", "01000000", "00000000"]) {
    test(`refuses a frame length of ${hex} and discards what follows`, () => {
      const { faults, times, push } = guarded();
      push(Buffer.concat([Buffer.from(hex, "hex"), encodeFrame([49, 1, 1])]));
      push(encodeFrame([49, 1, 2]));
      assert.deepEqual(faults.map((fault) => fault.kind), ["frame"]);
      assert.deepEqual(times, []);
    });
  }

  test("refuses a frame whose fields are not NUL-terminated or lack a numeric id", () => {
    for (const payload of ["abc", "49\u00001", "x\u00001\u0000"]) {
      const { faults, push } = guarded();
      const length = Buffer.alloc(4);
      length.writeUInt32BE(Buffer.byteLength(payload));
      push(Buffer.concat([length, Buffer.from(payload)]));
      assert.equal(faults.length, 1, JSON.stringify(payload));
    }
  });

  test("turns a decoder exception into a fault with the message id, and the decoder starts clean after a reset", () => {
    const { guard, faults, times, push } = guarded();
    push(encodeFrame([78, -1]));
    assert.equal(faults[0]?.kind, "decode");
    assert.equal(faults[0]?.msgId, 78);
    guard.reset();
    push(encodeFrame([49, 1, 5]));
    assert.deepEqual(times, ["5"]);
  });
});
