/**
 * The browsers of the fan-out check, in a process of their own so that their work is not
 * counted as the server's: connects the clients the parent asks for, acknowledges every
 * message that asks for it, and reports when each had its first snapshot and how many
 * bytes each view kind received during the measured window.
 */
import { io, type Socket } from "socket.io-client";
import { STREAM_EVENTS } from "@/lib/stream";

export interface ClientPlan {
  url: string;
  kinds: Array<{ name: string; count: number; view: unknown }>;
  /** How long to count bytes once every client has its snapshot. */
  measureMs: number;
}

export interface ClientReport {
  /** Per client, ms from its connect call to its first snapshot (null: none). */
  snapshotMs: Array<number | null>;
  /** Per view kind, bytes on the wire per client per second during the measured window. */
  bytesPerClientPerSecond: Record<string, number>;
  /** The same, as payload bytes once decompressed. */
  payloadBytesPerClientPerSecond: Record<string, number>;
  disconnects: number;
}

type Counted = { kind: string; socket: Socket; bytes: number; wireBytesAtStart: number; snapshotAt: number | null; startedAt: number };

/** Bytes this client's TCP socket has read: what the network carried, after compression. */
function wireBytesRead(socket: Socket): number {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: { bytesRead: number } } };
  return transport.ws?._socket?.bytesRead ?? 0;
}

function byteLength(data: unknown): number {
  if (typeof data === "string") return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

async function run(plan: ClientPlan): Promise<ClientReport> {
  const clients: Counted[] = [];
  let disconnects = 0;
  for (const kind of plan.kinds) {
    for (let i = 0; i < kind.count; i++) {
      const socket = io(plan.url, { transports: ["websocket"], reconnection: false, auth: { view: kind.view } });
      const client: Counted = { kind: kind.name, socket, bytes: 0, wireBytesAtStart: 0, snapshotAt: null, startedAt: performance.now() };
      // The manager opens its engine at once (autoConnect): every frame of this client passes here.
      socket.io.engine.on("data", (data: unknown) => (client.bytes += byteLength(data)));
      socket.onAny((event: string, ...args: unknown[]) => {
        if (event === STREAM_EVENTS.snapshot) client.snapshotAt ??= performance.now();
        const ack = args.at(-1);
        if (typeof ack === "function") (ack as () => void)();
      });
      socket.on("disconnect", () => (disconnects += 1));
      clients.push(client);
    }
  }
  const deadline = performance.now() + 60_000;
  while (clients.some((client) => client.snapshotAt === null) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const client of clients) {
    client.bytes = 0;
    client.wireBytesAtStart = wireBytesRead(client.socket);
  }
  const windowStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, plan.measureMs));
  const seconds = (performance.now() - windowStart) / 1000;
  const bytesPerClientPerSecond: Record<string, number> = {};
  const payloadBytesPerClientPerSecond: Record<string, number> = {};
  for (const kind of plan.kinds) {
    const ofKind = clients.filter((client) => client.kind === kind.name);
    const perClient = (bytes: (client: Counted) => number) => ofKind.reduce((sum, client) => sum + bytes(client), 0) / ofKind.length / seconds;
    bytesPerClientPerSecond[kind.name] = perClient((client) => wireBytesRead(client.socket) - client.wireBytesAtStart);
    payloadBytesPerClientPerSecond[kind.name] = perClient((client) => client.bytes);
  }
  const dropped = disconnects;
  for (const client of clients) client.socket.disconnect();
  return {
    snapshotMs: clients.map((client) => (client.snapshotAt === null ? null : client.snapshotAt - client.startedAt)),
    bytesPerClientPerSecond,
    payloadBytesPerClientPerSecond,
    disconnects: dropped,
  };
}

process.once("message", (plan: ClientPlan) => {
  void run(plan).then((report) => {
    process.send!(report, () => process.exit(0));
  });
});
