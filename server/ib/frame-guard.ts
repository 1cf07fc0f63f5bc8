import type { IBApi } from "@stoqey/ib";
import { FrameReader, MAX_TWS_MESSAGE_BYTES } from "@/server/tws-wire/frames";

/**
 * What the guard refused: a byte stream that cannot be TWS's ("frame"), or a well-framed
 * message the client library threw on while decoding it ("decode").
 */
export interface WireFault {
  kind: "frame" | "decode";
  /** The message id (first field) when the frame got that far. */
  msgId: number | null;
  error: Error;
}

/** The parts of @stoqey/ib 1.6.x's internals the guard takes over (not in its typings). */
interface LibrarySocket {
  onData(data: Buffer): void;
  onMessage(text: string): void;
}
interface LibraryDecoder {
  dataQueue: unknown[];
  emitQueue: unknown[];
}
interface LibraryController {
  socket?: LibrarySocket;
  decoder?: LibraryDecoder;
}

const NUL = 0;

/**
 * Sits between the library's TCP socket and its decoder. @stoqey/ib 1.6.10 reads a frame's
 * length as a signed int and loops for ever on a negative one, and lets whatever its decoder
 * throws escape the socket's data handler, which ends the process (TWS-NOTES). The guard
 * frames the stream itself, hands the library only whole, well-formed messages, and turns a
 * bad frame or a decoder exception into a fault: the connection drops that session, never
 * the process.
 */
export class FrameGuard {
  private reader = new FrameReader(MAX_TWS_MESSAGE_BYTES);
  /** After a fault the rest of that socket's bytes are discarded. */
  private faulted = false;
  private readonly socket: LibrarySocket;
  private readonly decoder: LibraryDecoder;

  constructor(
    api: IBApi,
    private readonly onFault: (fault: WireFault) => void,
  ) {
    const controller = (api as unknown as { controller?: LibraryController }).controller;
    const { socket, decoder } = controller ?? {};
    if (typeof socket?.onData !== "function" || typeof socket.onMessage !== "function" || !Array.isArray(decoder?.dataQueue)) {
      throw new Error("@stoqey/ib's socket internals changed: the frame guard cannot be installed; check the pinned version");
    }
    this.socket = socket;
    this.decoder = decoder;
    socket.onData = (chunk: Buffer) => this.receive(chunk);
  }

  /** A new socket starts from an empty buffer. */
  reset(): void {
    this.reader = new FrameReader(MAX_TWS_MESSAGE_BYTES);
    this.faulted = false;
  }

  private receive(chunk: Buffer): void {
    if (this.faulted) return;
    this.reader.push(chunk);
    for (;;) {
      let payload: Buffer | undefined;
      try {
        payload = this.reader.nextFrame();
      } catch (error) {
        return this.fault({ kind: "frame", msgId: null, error: asError(error) });
      }
      if (!payload) return;
      const msgId = leadingInteger(payload);
      if (payload.at(-1) !== NUL || msgId === null) {
        return this.fault({ kind: "frame", msgId, error: new Error("a message that is not NUL-terminated fields led by a numeric id") });
      }
      try {
        this.socket.onMessage(payload.toString("utf8"));
      } catch (error) {
        // Whatever the decoder had queued belongs to the message it choked on.
        this.decoder.dataQueue = [];
        this.decoder.emitQueue = [];
        return this.fault({ kind: "decode", msgId, error: asError(error) });
      }
    }
  }

  private fault(fault: WireFault): void {
    this.faulted = true;
    this.onFault(fault);
  }
}

/** The message id: digits up to the first NUL (the server-version message is one too). */
function leadingInteger(payload: Buffer): number | null {
  const end = payload.indexOf(NUL);
  if (end <= 0 || end > 10) return null;
  const text = payload.toString("latin1", 0, end);
  return /^\d+$/.test(text) ? Number(text) : null;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
