import type { Socket } from "socket.io-client";
import type { AlertAcknowledgeRequest } from "@/lib/alerts";
import { cancelProgressSchema, cancelResultSchema, ORDER_EVENTS, type CancelProgress, type CancelRequest, type CancelResult } from "@/lib/orders";
import { alertAcknowledgeReplySchema, STREAM_EVENTS, type AlertAcknowledgeReply, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/stream";

type StreamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long the page waits for the server to answer an acknowledgement before it says so. */
const ACKNOWLEDGE_TIMEOUT_MS = 10_000;
/** A cancel that found no answer: the page cannot tell what IB did. */
const CANCEL_NO_ANSWER_MS = 90_000;

/**
 * What the page asks the server to do over its stream connection (the one socket it holds):
 * acknowledge an alert, the guarded cancel. The server decides; the page only asks and shows
 * the answer, or a refusal in words when the connection is down or the server does not answer.
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

  acknowledgeAlert(request: AlertAcknowledgeRequest): Promise<AlertAcknowledgeReply> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: "not connected to the server: try again when the connection is back" });
    return new Promise((resolve) => {
      socket.timeout(ACKNOWLEDGE_TIMEOUT_MS).emit(STREAM_EVENTS.acknowledgeAlert, request, (error: Error | null, answer: AlertAcknowledgeReply) => {
        if (error) return resolve({ ok: false, error: "the server did not answer: try again" });
        const parsed = alertAcknowledgeReplySchema.safeParse(answer);
        resolve(parsed.success ? parsed.data : { ok: false, error: "the server's answer was not understood" });
      });
    });
  }

  cancelOrders(request: CancelRequest, onProgress: (progress: CancelProgress) => void): Promise<CancelResult> {
    const socket = this.socket;
    if (!socket?.connected) {
      return Promise.resolve({ ok: false, error: "this page is not connected to RiskDesk's server: nothing was sent. Reload, or call IB's trade desk" });
    }
    this.progressListeners.add(onProgress);
    return new Promise<CancelResult>((resolve) => {
      socket.timeout(CANCEL_NO_ANSWER_MS).emit(ORDER_EVENTS.cancel, request, (error: Error | null, payload: unknown) => {
        this.progressListeners.delete(onProgress);
        if (error) return resolve({ ok: false, error: "RiskDesk's server did not answer: check the blotter, and call IB's trade desk if orders still work" });
        const result = cancelResultSchema.safeParse(payload);
        resolve(result.success ? result.data : { ok: false, error: "RiskDesk's server sent an answer this page does not understand: check the blotter" });
      });
    });
  }
}
