/**
 * A fake TWS that completes the handshake like a real gateway and then does whatever a test
 * scripts: garbage bytes, malformed frames, messages that break the client library's decoder,
 * IB's notices (farm status, 2148) or a refused client id (326).
 * Each accepted connection gets the next script in the list; past the end, the last one.
 */
import { once } from "node:events";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { encodeFrame, FrameReader, type Field } from "@/server/tws-wire/frames";

const SERVER_VERSION = 193;
const API_PREFIX_BYTES = 4;
const ERR_MSG = 4;
const NO_REQ_ID = -1;

export interface HostileConnection {
  /** Answers the client's version range and START_API; sends the accounts and nextValidId when asked. */
  handshake(options?: { accounts?: string; nextValidId?: boolean }): Promise<void>;
  /** Answers the version range, then START_API with IB's 326 (client id in use), and closes as IB does. */
  refuseClientId(): Promise<void>;
  /** An ERR_MSG as IB sends it at server version 193; reqId -1 for a notice about the connection. */
  sendError(reqId: number, code: number, message: string): void;
  send(fields: Field[]): void;
  write(bytes: Buffer): void;
  /** Closes the socket, as a gateway restart would. */
  close(): void;
  /** Every frame the client sent after START_API, as fields. */
  readonly requests: string[][];
}

export type Script = (connection: HostileConnection) => void | Promise<void>;

export class HostileGateway {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  connections = 0;
  /** The client id of every START_API received, in order. */
  readonly clientIds: number[] = [];

  private constructor(scripts: Script[]) {
    this.server = createServer((socket) => {
      const script = scripts[Math.min(this.connections, scripts.length - 1)]!;
      this.connections += 1;
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => socket.destroy());
      const connection = new Connection(socket, (clientId) => this.clientIds.push(clientId));
      void Promise.resolve(script(connection)).catch(() => socket.destroy());
    });
  }

  static async start(scripts: Script[]): Promise<HostileGateway> {
    const gateway = new HostileGateway(scripts);
    gateway.server.listen(0, "127.0.0.1");
    await once(gateway.server, "listening");
    return gateway;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class Connection implements HostileConnection {
  readonly requests: string[][] = [];
  private readonly reader = new FrameReader();
  private prefixSeen = false;
  private waiting: (() => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly onStartApi: (clientId: number) => void,
  ) {
    socket.on("data", (chunk: Buffer) => {
      this.reader.push(chunk);
      this.wake();
    });
    socket.on("close", () => this.wake());
  }

  async handshake({ accounts = "DU1", nextValidId = true } = {}): Promise<void> {
    await this.startApi();
    this.send([15, 1, accounts]);
    if (nextValidId) this.send([9, 1, 1]);
    void this.collectRequests();
  }

  async refuseClientId(): Promise<void> {
    await this.startApi();
    this.sendError(NO_REQ_ID, 326, "Unable to connect as the client id is already in use. Retry with a unique client id.");
    this.socket.end();
  }

  sendError(reqId: number, code: number, message: string): void {
    this.send([ERR_MSG, 2, reqId, code, message, ""]);
  }

  send(fields: Field[]): void {
    this.socket.write(encodeFrame(fields));
  }

  /** The version range, the server's answer, then START_API [71, 2, clientId, capabilities]. */
  private async startApi(): Promise<void> {
    await this.nextFrame();
    this.send([SERVER_VERSION, "20261129 12:00:00 EST"]);
    const startApi = (await this.nextFrame()).toString("utf8").split("\0");
    this.onStartApi(Number(startApi[2]));
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.socket.destroy();
  }

  private async collectRequests(): Promise<void> {
    while (!this.socket.destroyed) {
      const frame = await this.nextFrame().catch(() => undefined);
      if (frame) this.requests.push(frame.toString("utf8").split("\0").slice(0, -1));
    }
  }

  private async nextFrame(): Promise<Buffer> {
    for (;;) {
      if (!this.prefixSeen && this.reader.takeBytes(API_PREFIX_BYTES)) this.prefixSeen = true;
      const frame = this.prefixSeen ? this.reader.nextFrame() : undefined;
      if (frame) return frame;
      if (this.socket.destroyed) throw new Error("closed");
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
