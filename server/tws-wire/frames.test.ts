import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FrameError, FrameReader, decodeFields, encodeFrame } from "./frames";

function drain(reader: FrameReader): string[][] {
  const frames: string[][] = [];
  for (let payload = reader.nextFrame(); payload; payload = reader.nextFrame()) frames.push(decodeFields(payload));
  return frames;
}

describe("frames", () => {
  test("encodeFrame writes a big-endian length and NUL-terminated fields", () => {
    const frame = encodeFrame([63, 1, "DU1", "NetLiquidation", "68000.00", "USD"]);
    const payload = "63\x001\x00DU1\x00NetLiquidation\x0068000.00\x00USD\x00";
    assert.equal(frame.readUInt32BE(0), Buffer.byteLength(payload));
    assert.equal(frame.subarray(4).toString("utf8"), payload);
  });

  test("a frame split into single bytes is reassembled", () => {
    const reader = new FrameReader();
    const frame = encodeFrame([62, 1, 9001, "All", "NetLiquidation,Cushion"]);
    const seen: string[][] = [];
    for (const byte of frame) {
      reader.push(Buffer.from([byte]));
      seen.push(...drain(reader));
    }
    assert.deepEqual(seen, [["62", "1", "9001", "All", "NetLiquidation,Cushion"]]);
  });

  test("several frames in one chunk come out in order, a trailing partial one waits", () => {
    const reader = new FrameReader();
    const third = encodeFrame([8, 1, 1]);
    reader.push(Buffer.concat([encodeFrame([49, 1]), encodeFrame([17, 1]), third.subarray(0, 5)]));
    assert.deepEqual(drain(reader), [["49", "1"], ["17", "1"]]);
    reader.push(third.subarray(5));
    assert.deepEqual(drain(reader), [["8", "1", "1"]]);
  });

  test("empty fields and UTF-8 survive the round trip", () => {
    const reader = new FrameReader();
    reader.push(encodeFrame([92, 5, "DU1000001", "", "€"]));
    assert.deepEqual(drain(reader), [["92", "5", "DU1000001", "", "€"]]);
  });

  test("a length above the limit is an error before the body arrives", () => {
    const reader = new FrameReader(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1025);
    reader.push(header);
    assert.throws(() => reader.nextFrame(), FrameError);
  });

  test("a frame at the limit is accepted", () => {
    const reader = new FrameReader(8);
    reader.push(encodeFrame(["1234567"]));
    assert.deepEqual(drain(reader), [["1234567"]]);
  });

  test("a zero length, or a huge one from garbage bytes, is an error", () => {
    const zero = new FrameReader();
    zero.push(Buffer.alloc(4));
    assert.throws(() => zero.nextFrame(), /empty frame/);
    const garbage = new FrameReader();
    garbage.push(Buffer.from("GET / HTTP/1.1\r\n"));
    assert.throws(() => garbage.nextFrame(), /exceeds/);
  });

  test("a payload without the final NUL is an error", () => {
    assert.throws(() => decodeFields(Buffer.from("49\x001")), FrameError);
  });

  test("takeBytes hands out raw bytes only once enough have arrived", () => {
    const reader = new FrameReader();
    reader.push(Buffer.from("AP"));
    assert.equal(reader.takeBytes(4), undefined);
    reader.push(Buffer.from("I\0rest"));
    assert.equal(reader.takeBytes(4)?.toString("latin1"), "API\0");
    assert.equal(reader.takeBytes(4)?.toString("latin1"), "rest");
  });
});
