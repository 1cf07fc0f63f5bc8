/**
 * reqAccountUpdates(subscribe, account): one account at a time per client (a new subscription
 * replaces the previous one, as by IB). The account's values (updateAccountValue: the account
 * summary tags and every currency's ledger), its portfolio (updatePortfolio per position),
 * updateAccountTime, then accountDownloadEnd; afterwards changed values on the summary
 * cadence and a portfolio line at once for each position a trade or fill changes.
 */
import type { PositionChange } from "../model/simulation";
import type { PositionLine } from "../model/positions";
import { ERROR_CODE, NO_REQ_ID, OUT_MSG_ID, validationError } from "../protocol";
import { accountDownloadEnd, accountUpdateTime, accountValue, portfolioValue } from "../order-replies";
import { STANDARD_TAGS, type TagSelection } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import type { HandlerTable, RequestContext, Subscription } from "./handler";

const ALL_VALUES: TagSelection = { standard: [...STANDARD_TAGS.keys()].sort(), ledgers: [{ kind: "all" }] };
const SUBSCRIPTION_KEY = "accountUpdates";

const truthy = (field: string) => field === "1" || field.toLowerCase() === "true";

class AccountUpdatesSubscription implements Subscription {
  readonly cadence = "summary";
  private readonly values: AccountValuesSubscription;

  constructor(
    private readonly context: RequestContext,
    private readonly account: string,
  ) {
    this.values = new AccountValuesSubscription(context, [account], ALL_VALUES, {
      line: (acct, tag, value, currency) => accountValue(tag, value, currency, acct),
      beforeEnd: () => {
        for (const line of context.simulation.positionLines(account)) this.sendPortfolio(line);
        context.send(accountUpdateTime(new Date()));
      },
      end: () => accountDownloadEnd(account),
    });
  }

  start(): void {
    this.values.start();
  }

  push(): void {
    this.values.push();
  }

  positionsChanged(changes: readonly PositionChange[]): void {
    for (const change of changes) {
      if (change.account !== this.account) continue;
      const line = this.context.simulation.positionLine(change.account, change.conId);
      if (line) this.sendPortfolio(line);
    }
  }

  private sendPortfolio(line: PositionLine): void {
    this.context.send(portfolioValue(line.contract, line.figures));
  }
}

export const accountUpdatesHandlers: HandlerTable = new Map([
  [
    OUT_MSG_ID.REQ_ACCOUNT_DATA,
    (request, context) => {
      const subscribe = truthy(request.skipVersion().str("subscribe"));
      const given = request.str("acctCode");
      if (!subscribe) {
        context.unsubscribe(SUBSCRIPTION_KEY);
        return;
      }
      const { simulation } = context;
      // An individual login may leave the account empty: it has only one.
      const account = given === "" && simulation.accountIds.length === 1 ? simulation.accountIds[0]! : given;
      if (!simulation.hasAccount(account)) {
        context.sendError(NO_REQ_ID, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_ACCOUNT_DATA, `Invalid account code '${given}'`));
        return;
      }
      const subscription = new AccountUpdatesSubscription(context, account);
      context.subscribe(SUBSCRIPTION_KEY, subscription);
      subscription.start();
    },
  ],
]);
