import type { EventName, IBApi } from "@stoqey/ib";
import type { DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import type { IbMessage } from "./connection";
import type { IbNumbers } from "./ib-numbers";
import type { SubscriptionRegistry } from "./subscriptions";

/** What every feed (account, positions, FA) works with. */
export interface FeedContext {
  api: IBApi;
  registry: SubscriptionRegistry;
  emit: DomainEventListener;
  logger: Logger;
  now: () => number;
  /** Every number a feed takes from IB goes through here, once. */
  numbers: IbNumbers;
}

/** A request IB refused: logged with what it was for, so the refusal is never silent. */
export function logRefusal(logger: Logger, what: string, message: IbMessage): void {
  logger.error({ code: message.code, reqId: message.reqId }, `IB refused ${what}: ${message.message}`);
}

interface GenericEmitter {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Subscribes a feed to a TWS event. The client library emits events outside any try/catch,
 * so an exception in a handler would end the process: it is logged here instead.
 */
export function listen<Args extends unknown[]>(
  api: IBApi,
  logger: Logger,
  event: EventName,
  handler: (...args: Args) => void,
): void {
  // IBApi declares one `on` overload per event; this generic wrapper needs the plain emitter one.
  (api as unknown as GenericEmitter).on(event, (...args: unknown[]) => {
    try {
      handler(...(args as Args));
    } catch (error) {
      logger.error({ err: error, event }, "a TWS event handler failed; the event was dropped");
    }
  });
}
