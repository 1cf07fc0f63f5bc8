import type { Socket } from "socket.io";

/**
 * The parts of engine.io's connection (engine.io 6, ws 8) that hold what a client has not
 * taken yet: packets waiting for the transport, and for a WebSocket the bytes ws and the
 * TCP socket still hold (ws's bufferedAmount).
 */
interface EngineConnection {
  writeBuffer?: ReadonlyArray<{ data?: unknown }>;
  transport?: { socket?: { bufferedAmount?: number } };
}

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes queued in this process for one Socket.IO client and not yet handed to the kernel. */
export function bufferedBytes(socket: Socket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}
