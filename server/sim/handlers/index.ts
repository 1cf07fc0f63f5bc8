/** Every request the simulator serves, by message id. A new concern adds its table here. */
import { accountSummaryHandlers } from "./account-summary";
import { accountUpdatesHandlers } from "./account-updates";
import { accountUpdatesMultiHandlers } from "./account-updates-multi";
import { connectionHandlers } from "./connection";
import { faHandlers } from "./fa";
import type { RequestHandler } from "./handler";
import { orderHandlers } from "./orders";
import { pnlHandlers } from "./pnl";
import { pnlSingleHandlers } from "./pnl-single";
import { positionHandlers } from "./positions";

export const REQUEST_HANDLERS: ReadonlyMap<number, RequestHandler> = new Map([
  ...connectionHandlers,
  ...accountSummaryHandlers,
  ...accountUpdatesHandlers,
  ...accountUpdatesMultiHandlers,
  ...pnlHandlers,
  ...pnlSingleHandlers,
  ...positionHandlers,
  ...faHandlers,
  ...orderHandlers,
]);
