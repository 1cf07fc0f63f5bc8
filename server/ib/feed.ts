import type { IBApi } from "@stoqey/ib";
import type { DomainEventListener } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import type { IbMessage } from "./connection";
import type { SubscriptionRegistry } from "./subscriptions";

/** What every feed (account, positions, FA) works with. */
export interface FeedContext {
  api: IBApi;
  registry: SubscriptionRegistry;
  emit: DomainEventListener;
  logger: Logger;
  now: () => number;
}

/** A request IB refused: logged with what it was for, so the refusal is never silent. */
export function logRefusal(logger: Logger, what: string, message: IbMessage): void {
  logger.error({ code: message.code, reqId: message.reqId }, `IB refused ${what}: ${message.message}`);
}
