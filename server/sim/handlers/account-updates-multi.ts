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
import { STANDARD_TAGS, type TagSelection } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import type { HandlerTable } from "./handler";

const subscriptionKey = (reqId: number) => `accountUpdatesMulti:${reqId}`;

const FULL: TagSelection = { standard: [...STANDARD_TAGS.keys()].sort(), ledgers: [{ kind: "all" }] };
const LEDGER_AND_NLV: TagSelection = { standard: ["NetLiquidation"], ledgers: [{ kind: "all" }] };

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
      const subscription = new AccountValuesSubscription(context, accounts, ledgerAndNlv ? LEDGER_AND_NLV : FULL, {
        line: (account, tag, value, currency) => accountUpdateMulti(reqId, account, modelCode, tag, value, currency),
        end: () => accountUpdateMultiEnd(reqId),
      });
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
