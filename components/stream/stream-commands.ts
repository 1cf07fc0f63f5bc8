import type { Socket } from "socket.io-client";
import { cancelProgressSchema, cancelResultSchema, ORDER_EVENTS, type CancelProgress, type CancelRequest, type CancelResult } from "@/lib/orders";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/stream";

type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A cancel that found no answer: the page cannot tell what IB did. */
const NO_ANSWER_MS = 90_000;

/**
 * What the page asks the server to do over its stream connection: the guarded cancel. The
 * server decides; the page only asks and shows the answer.
 */
export class StreamCommands {
  private socket: StreamSocket | null = null;
  private readonly progressListeners = new Set<(progress: CancelProgress) => void>();

  /** Sends requests over this socket until the returned function is called. */
  attach(socket: StreamSocket): () => void {
    this.socket = socket;
    socket.on(ORDER_EVENTS.cancelProgress, (payload: unknown) => {
      const progress = cancelProgressSchema.safeParse(payload);
      if (progress.success) for (const listener of this.progressListeners) listener(progress.data);
    });
    return () => {
      if (this.socket === socket) this.socket = null;
    };
  }

  cancelOrders(request: CancelRequest, onProgress: (progress: CancelProgress) => void): Promise<CancelResult> {
    const socket = this.socket;
    if (!socket?.connected) {
      return Promise.resolve({ ok: false, error: "this page is not connected to RiskDesk's server: nothing was sent. Reload, or call IB's trade desk" });
    }
    this.progressListeners.add(onProgress);
    return new Promise<CancelResult>((resolve) => {
      socket.timeout(NO_ANSWER_MS).emit(ORDER_EVENTS.cancel, request, (error: Error | null, payload: unknown) => {
        this.progressListeners.delete(onProgress);
        if (error) return resolve({ ok: false, error: "RiskDesk's server did not answer: check the blotter, and call IB's trade desk if orders still work" });
        const result = cancelResultSchema.safeParse(payload);
        resolve(result.success ? result.data : { ok: false, error: "RiskDesk's server sent an answer this page does not understand: check the blotter" });
      });
    });
  }
}
