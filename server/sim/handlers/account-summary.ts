/**
 * reqAccountSummary / cancelAccountSummary. Like IB: the full set for every account of the
 * group, ACCOUNT_SUMMARY_END, then only the values that changed, on the summary cadence.
 */
import { ERROR_CODE, OUT_MSG_ID, validationError } from "../protocol";
import { accountSummary, accountSummaryEnd } from "../replies";
import { resolveGroup } from "./accounts";
import { selectTags, summaryLines, type TagSelection } from "./account-summary-tags";
import type { HandlerTable, RequestContext, Subscription } from "./handler";

const subscriptionKey = (reqId: number) => `accountSummary:${reqId}`;

class AccountSummarySubscription implements Subscription {
  readonly cadence = "summary";
  private readonly lastSent = new Map<string, string>();

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    private readonly accounts: readonly string[],
    private readonly tags: TagSelection,
  ) {}

  start(): void {
    this.sendChanges();
    this.context.send(accountSummaryEnd(this.reqId));
  }

  push(): void {
    this.sendChanges();
  }

  private sendChanges(): void {
    for (const account of this.accounts) {
      for (const { tag, value, currency } of summaryLines(this.context.simulation.figures(account), this.tags)) {
        const key = `${account}\0${tag}\0${currency}`;
        if (this.lastSent.get(key) === value) continue;
        this.lastSent.set(key, value);
        this.context.send(accountSummary(this.reqId, account, tag, value, currency));
      }
    }
  }
}

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
      const subscription = new AccountSummarySubscription(context, reqId, accounts, tags);
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
