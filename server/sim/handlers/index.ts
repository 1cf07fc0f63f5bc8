/** Every request the simulator serves, by message id. A new concern adds its table here. */
import { accountSummaryHandlers } from "./account-summary";
import { connectionHandlers } from "./connection";
import type { RequestHandler } from "./handler";
import { pnlHandlers } from "./pnl";

export const REQUEST_HANDLERS: ReadonlyMap<number, RequestHandler> = new Map([
  ...connectionHandlers,
  ...accountSummaryHandlers,
  ...pnlHandlers,
]);
