/** Managed accounts, current time and order ids. */
import { OUT_MSG_ID } from "../protocol";
import { currentTime, managedAccounts, nextValidId } from "../replies";
import type { HandlerTable } from "./handler";

export const connectionHandlers: HandlerTable = new Map([
  [OUT_MSG_ID.REQ_MANAGED_ACCTS, (_request, context) => context.send(managedAccounts(context.simulation.accountIds))],
  [OUT_MSG_ID.REQ_CURRENT_TIME, (_request, context) => context.send(currentTime(Math.floor(Date.now() / 1000)))],
  [
    OUT_MSG_ID.REQ_IDS,
    (request, context) => {
      request.skipVersion().int("numIds");
      context.send(nextValidId(context.nextOrderId()));
    },
  ],
]);
