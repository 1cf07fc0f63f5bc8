import { ORDER_EVENTS, type CancelProgress, type CancelResult } from "@/lib/orders";
import type { Logger } from "@/server/logger";
import type { CancelActor } from "@/server/orders/cancel-guard";
import type { StreamSocket } from "./client-session";
import { RateWindows } from "./rate-window";
import type { Viewer } from "./stream-access";

/** What the hub hands a client's control requests to. */
export interface OrderCommands {
  cancel(actor: CancelActor, payload: unknown, progress: (progress: CancelProgress) => void): Promise<CancelResult>;
}

/** Cancel requests one user (all its sockets together) may make per minute: a person needs a few; a flood is not heard (nor audited). */
export const MAX_CANCEL_REQUESTS_PER_MINUTE = 10;
const MINUTE_MS = 60_000;

/** The hub's cancel-request windows, one per user, shared by its sockets. */
export const cancelRateWindows = () => new RateWindows(MAX_CANCEL_REQUESTS_PER_MINUTE, MINUTE_MS);

/**
 * A client's `orders:cancel`: who asks comes from the socket's session, never from the
 * payload; the payload is judged by the cancel service; the result goes back in the ack and
 * the progress to this client alone.
 */
export function listenForOrderCommands(
  socket: StreamSocket,
  viewer: Viewer | null,
  commands: OrderCommands,
  requests: RateWindows,
  logger: Logger,
  now: () => number = Date.now,
): void {
  let warned = false;
  socket.on(ORDER_EVENTS.cancel, (payload: unknown, ack?: unknown) => {
    if (typeof ack !== "function") {
      logger.warn({ client: socket.id, user: viewer?.name }, "ignoring a cancel request without an acknowledgement to answer it");
      return;
    }
    const answer = ack as (result: CancelResult) => void;
    if (!requests.admit({ viewer, socketId: socket.id }, now())) {
      if (!warned) logger.warn({ client: socket.id, user: viewer?.name }, "a client sends too many cancel requests; refusing them unheard for a while");
      warned = true;
      return answer({ ok: false, error: "too many cancel requests from you: wait a minute" });
    }
    warned = false;
    if (!viewer) return answer({ ok: false, error: "log in first: a cancel needs an authenticated user" });
    const actor: CancelActor = { name: viewer.name, role: viewer.role, grants: viewer.grants, address: socket.handshake.address ?? null };
    commands.cancel(actor, payload, (progress) => socket.emit(ORDER_EVENTS.cancelProgress, progress)).then(answer, (error: unknown) => {
      logger.error({ err: error, user: viewer.name }, "an order cancel failed");
      answer({ ok: false, error: "the cancel failed inside RiskDesk: check IB's own order list, or call IB's trade desk" });
    });
  });
}
