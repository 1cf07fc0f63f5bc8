import type { Socket } from "socket.io";

/**
 * The parts of engine.io's connection (engine.io 6, ws 8) that hold what a client has not
 * taken yet: packets waiting for the transport, and for a WebSocket the bytes ws and the
 * TCP socket still hold (ws's bufferedAmount).
 */
interface EngineConnection {
  writeBuffer?: ReadonlyArray<{ data?: unknown }>;
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

const engineConnection = (socket: Socket) => socket.conn as unknown as EngineConnection;

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes queued in this process for one Socket.IO client and not yet handed to the kernel. */
export function bufferedBytes(socket: Socket): number {
  const connection = engineConnection(socket);
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Ends a client's connection and frees what was queued for it now: a plain close would
 * wait up to 30 s for the close handshake of a client that does not read.
 */
export function discardConnection(socket: Socket): void {
  socket.disconnect(true);
  engineConnection(socket).transport?.socket?.terminate?.();
}
