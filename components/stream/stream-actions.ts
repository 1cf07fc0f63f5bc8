import type { Socket } from "socket.io-client";
import type { AlertAcknowledgeRequest } from "@/lib/alerts";
import { alertAcknowledgeReplySchema, STREAM_EVENTS, type AlertAcknowledgeReply, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/stream";

/** How long the page waits for the server to answer an action before it says so. */
const ACTION_TIMEOUT_MS = 10_000;

/** What a page asks of the server through its stream connection (the one socket the page holds). */
export class StreamActions {
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;

  attach(socket: Socket<ServerToClientEvents, ClientToServerEvents> | null): void {
    this.socket = socket;
  }

  /** The server's answer, or a refusal in words when the connection is down or the server does not answer. */
  acknowledgeAlert(request: AlertAcknowledgeRequest): Promise<AlertAcknowledgeReply> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, error: "not connected to the server: try again when the connection is back" });
    return new Promise((resolve) => {
      socket.timeout(ACTION_TIMEOUT_MS).emit(STREAM_EVENTS.acknowledgeAlert, request, (error: Error | null, answer: AlertAcknowledgeReply) => {
        if (error) return resolve({ ok: false, error: "the server did not answer: try again" });
        const parsed = alertAcknowledgeReplySchema.safeParse(answer);
        resolve(parsed.success ? parsed.data : { ok: false, error: "the server's answer was not understood" });
      });
    });
  }
}
