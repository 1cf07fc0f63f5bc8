/**
 * reqAccountSummary / cancelAccountSummary. Like IB: the full set for every account of the
 * group, ACCOUNT_SUMMARY_END, then only the values that changed, on the summary cadence.
 */
import { ERROR_CODE, OUT_MSG_ID, validationError } from "../protocol";
import { accountSummary, accountSummaryEnd } from "../replies";
import { resolveGroup } from "./accounts";
import { selectTags } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import type { HandlerTable } from "./handler";

const subscriptionKey = (reqId: number) => `accountSummary:${reqId}`;

export const accountSummaryHandlers: HandlerTable = new Map([
  [
    OUT_MSG_ID.REQ_ACCOUNT_SUMMARY,
    (request, context) => {
      request.skipVersion();
      const reqId = request.int("reqId");
      const accounts = resolveGroup(context.simulation, request.str("group"));
      const tags = selectTags(request.str("tags"));
      if (typeof accounts === "string") {
        context.sendError(reqId, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_ACCOUNT_SUMMARY, accounts));
        return;
      }
      const subscription = new AccountValuesSubscription(context, accounts, tags, {
        line: (account, tag, value, currency) => accountSummary(reqId, account, tag, value, currency),
        end: () => accountSummaryEnd(reqId),
      });
      context.subscribe(subscriptionKey(reqId), subscription);
      subscription.start();
    },
  ],
  [
    OUT_MSG_ID.CANCEL_ACCOUNT_SUMMARY,
    (request, context) => {
      request.skipVersion();
      context.unsubscribe(subscriptionKey(request.int("reqId")));
    },
  ],
]);
