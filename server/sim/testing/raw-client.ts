/** A bare TWS API client over a socket, for tests that need to control every byte. */
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { FrameReader, MAX_TWS_MESSAGE_BYTES, decodeFields, encodeFrame, type Field } from "@/server/tws-wire/frames";

export class RawClient {
  readonly messages: string[][] = [];
  readonly closed: Promise<void>;
  private readonly reader = new FrameReader(MAX_TWS_MESSAGE_BYTES);
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.reader.push(chunk);
      for (let payload = this.reader.nextFrame(); payload; payload = this.reader.nextFrame()) {
        this.messages.push(decodeFields(payload));
      }
      this.wake();
    });
    socket.on("error", () => {});
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    void this.closed.then(() => this.wake());
  }

  static async open(port: number, host = "127.0.0.1"): Promise<RawClient> {
    const socket = connect({ port, host });
    await once(socket, "connect");
    return new RawClient(socket);
  }

  /** `API\0` plus the length-prefixed version text. */
  static handshakeBytes(versions: string): Buffer {
    const text = Buffer.from(versions, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(text.length);
    return Buffer.concat([Buffer.from("API\0", "latin1"), length, text]);
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  send(fields: Field[]): void {
    this.socket.write(encodeFrame(fields));
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  /** Waits until a received message satisfies `match` and returns it. */
  async waitFor(what: string, match: (message: string[]) => boolean, timeoutMs = 2000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.isClosed) throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Handshake plus START_API; resolves once the bootstrap's last farm message has arrived. */
  async start(clientId: number, versions = "v100..193"): Promise<number> {
    this.write(RawClient.handshakeBytes(versions));
    const [serverVersion] = await this.waitFor("server version", (m) => m.length === 2);
    this.send([71, 2, clientId, ""]);
    await this.waitFor("2158", (m) => m[0] === "4" && m[3] === "2158");
    return Number(serverVersion);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
