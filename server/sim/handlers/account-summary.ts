/**
 * reqAccountSummary / cancelAccountSummary. Like IB: the full set for every account of the
 * group, ACCOUNT_SUMMARY_END, then only the values that changed, on the summary cadence.
 */
import { OUT_MSG_ID } from "../protocol";
import { accountSummary, accountSummaryEnd } from "../replies";
import { resolveGroup } from "./accounts";
import { selectTags } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import { subscriptionHandlers } from "./subscription-request";

export const accountSummaryHandlers = subscriptionHandlers({
  request: OUT_MSG_ID.REQ_ACCOUNT_SUMMARY,
  cancel: OUT_MSG_ID.CANCEL_ACCOUNT_SUMMARY,
  versioned: true,
  identified: true,
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
