/**
 * TWS API framing (the "V100+" protocol): every message is a 4-byte big-endian length followed
 * by that many bytes; a message's payload is text fields, each terminated by a NUL. Shared by
 * the simulated gateway (reading requests) and the collector's guard (reading replies).
 */

/** Requests are small (the largest, REPLACE_FA, carries an XML document): 1 MiB is ample. */
export const MAX_FRAME_BYTES = 1 << 20;
/** The largest message IB's own clients accept from TWS (their MAX_MSG_LEN): 16 MiB - 1. */
export const MAX_TWS_MESSAGE_BYTES = 0xffffff;

const LENGTH_BYTES = 4;
const NUL = 0;

/** Input that cannot be a TWS API frame; it is fatal for that connection only. */
export class FrameError extends Error {
  override readonly name = "FrameError";
}

/** Accumulates socket chunks and hands out complete frames, whatever the chunk boundaries. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxFrameBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
  }

  /** Removes and returns exactly `count` raw bytes, or undefined while fewer have arrived. */
  takeBytes(count: number): Buffer | undefined {
    if (this.buffered.length < count) return undefined;
    const bytes = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return bytes;
  }

  /** Removes and returns the next frame's payload, or undefined while it is incomplete. */
  nextFrame(): Buffer | undefined {
    if (this.buffered.length < LENGTH_BYTES) return undefined;
    const length = this.buffered.readUInt32BE(0);
    if (length === 0) throw new FrameError("empty frame");
    if (length > this.maxFrameBytes) {
      throw new FrameError(`frame of ${length} bytes exceeds the ${this.maxFrameBytes}-byte limit`);
    }
    if (this.buffered.length < LENGTH_BYTES + length) return undefined;
    const payload = this.buffered.subarray(LENGTH_BYTES, LENGTH_BYTES + length);
    this.buffered = this.buffered.subarray(LENGTH_BYTES + length);
    return payload;
  }
}

/** Splits a frame payload into its fields; the payload must end with the last field's NUL. */
export function decodeFields(payload: Buffer): string[] {
  if (payload.at(-1) !== NUL) throw new FrameError("frame does not end with a NUL-terminated field");
  return payload.subarray(0, -1).toString("utf8").split("\0");
}

export type Field = string | number;

/** Encodes one message: length prefix plus NUL-terminated fields. */
export function encodeFrame(fields: readonly Field[]): Buffer {
  let text = "";
  for (const field of fields) text += `${field}\0`;
  const length = Buffer.byteLength(text, "utf8");
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + length);
  frame.writeUInt32BE(length, 0);
  frame.write(text, LENGTH_BYTES, "utf8");
  return frame;
}

/**
 * Many messages encoded into shared buffers (one allocation per `chunkBytes`, not per
 * message), for sessions that push thousands of messages at a time.
 */
export class FrameBatch {
  private chunk: Buffer;
  private offset = 0;

  constructor(private readonly chunkBytes = 256 * 1024) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  get isEmpty(): boolean {
    return this.offset === 0;
  }

  /** Adds one message; returns a full chunk to write when the message did not fit beside it. */
  add(fields: readonly Field[]): Buffer | undefined {
    let text = "";
    for (const field of fields) text += `${field}\0`;
    const size = LENGTH_BYTES + Buffer.byteLength(text, "utf8");
    let full: Buffer | undefined;
    if (this.offset + size > this.chunk.length) {
      full = this.take();
      if (size > this.chunk.length) this.chunk = Buffer.allocUnsafe(size);
    }
    this.chunk.writeUInt32BE(size - LENGTH_BYTES, this.offset);
    this.chunk.write(text, this.offset + LENGTH_BYTES, "utf8");
    this.offset += size;
    return full;
  }

  /** Removes and returns what was added so far (undefined if nothing). */
  take(): Buffer | undefined {
    if (this.offset === 0) return undefined;
    const bytes = this.chunk.subarray(0, this.offset);
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
    this.offset = 0;
    return bytes;
  }
}
