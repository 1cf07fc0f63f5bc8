/**
 * reqAccountSummary / cancelAccountSummary. Like IB: the full set for every account of the
 * group, ACCOUNT_SUMMARY_END, then only the values that changed, on the summary cadence.
 * A third concurrent subscription is refused with 322, as by IB.
 */
import { ERROR_CODE, MESSAGES, OUT_MSG_ID } from "../protocol";
import { accountSummary, accountSummaryEnd } from "../replies";
import { resolveGroup } from "./accounts";
import { selectTags } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import { subscriptionHandlers } from "./subscription-request";

/** IB serves at most two account summary subscriptions at once per client. */
export const MAX_ACCOUNT_SUMMARY_SUBSCRIPTIONS = 2;

export const accountSummaryHandlers = subscriptionHandlers({
  request: OUT_MSG_ID.REQ_ACCOUNT_SUMMARY,
  cancel: OUT_MSG_ID.CANCEL_ACCOUNT_SUMMARY,
  versioned: true,
  identified: true,
  limit: { max: MAX_ACCOUNT_SUMMARY_SUBSCRIPTIONS, code: ERROR_CODE.CANNOT_PROCESS_REQUEST, message: MESSAGES.accountSummaryLimit },
  open(request, context, reqId) {
    const accounts = resolveGroup(context.simulation, request.str("group"));
    const tags = selectTags(request.str("tags"));
    if (typeof accounts === "string") return accounts;
    return new AccountValuesSubscription(context, accounts, tags, {
      line: (account, tag, value, currency) => accountSummary(reqId, account, tag, value, currency),
      end: () => accountSummaryEnd(reqId),
    });
  },
});
