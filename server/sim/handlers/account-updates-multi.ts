/**
 * reqAccountUpdatesMulti / cancelAccountUpdatesMulti: the per-account alternative to account
 * summary for structures above 50 sub-accounts. Sends the standard account summary tags
 * (in the base currency) and the ledger of every currency and BASE (CashBalance, ...,
 * ExchangeRate: currency field = that currency, value = units of base per unit), then
 * ACCOUNT_UPDATE_MULTI_END once; then only changed values, on the summary cadence.
 * With ledgerAndNLV set, only NetLiquidation and the ledger ("lightweight" request).
 */
import { ERROR_CODE, OUT_MSG_ID, validationError } from "../protocol";
import { accountUpdateMulti, accountUpdateMultiEnd } from "../replies";
import { resolveAccountOrGroup } from "./accounts";
import { STANDARD_TAGS, summaryLines, type TagSelection } from "./account-summary-tags";
import type { HandlerTable, RequestContext, Subscription } from "./handler";

const subscriptionKey = (reqId: number) => `accountUpdatesMulti:${reqId}`;

const FULL: TagSelection = { standard: [...STANDARD_TAGS.keys()].sort(), ledgers: [{ kind: "all" }] };
const LEDGER_AND_NLV: TagSelection = { standard: ["NetLiquidation"], ledgers: [{ kind: "all" }] };

class AccountUpdatesMultiSubscription implements Subscription {
  readonly cadence = "summary";
  private readonly lastSent = new Map<string, string>();

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    private readonly accounts: readonly string[],
    private readonly modelCode: string,
    private readonly tags: TagSelection,
  ) {}

  start(): void {
    this.sendChanges();
    this.context.send(accountUpdateMultiEnd(this.reqId));
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
        this.context.send(accountUpdateMulti(this.reqId, account, this.modelCode, tag, value, currency));
      }
    }
  }
}

const truthy = (field: string) => field === "1" || field.toLowerCase() === "true";

export const accountUpdatesMultiHandlers: HandlerTable = new Map([
  [
    OUT_MSG_ID.REQ_ACCOUNT_UPDATES_MULTI,
    (request, context) => {
      request.skipVersion();
      const reqId = request.int("reqId");
      const accounts = resolveAccountOrGroup(context.simulation, request.str("account"));
      const modelCode = request.str("modelCode");
      const ledgerAndNlv = truthy(request.str("ledgerAndNLV"));
      if (typeof accounts === "string") {
        context.sendError(reqId, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_ACCOUNT_UPDATES_MULTI, accounts));
        return;
      }
      const subscription = new AccountUpdatesMultiSubscription(context, reqId, accounts, modelCode, ledgerAndNlv ? LEDGER_AND_NLV : FULL);
      context.subscribe(subscriptionKey(reqId), subscription);
      subscription.start();
    },
  ],
  [
    OUT_MSG_ID.CANCEL_ACCOUNT_UPDATES_MULTI,
    (request, context) => {
      request.skipVersion();
      context.unsubscribe(subscriptionKey(request.int("reqId")));
    },
  ],
]);
