/**
 * reqAccountUpdatesMulti / cancelAccountUpdatesMulti: the per-account alternative to account
 * summary for structures above 50 sub-accounts. Sends the standard account summary tags
 * (in the base currency) and the ledger of every currency and BASE (CashBalance, ...,
 * ExchangeRate: currency field = that currency, value = units of base per unit), then
 * ACCOUNT_UPDATE_MULTI_END once; then only changed values, on the summary cadence.
 * With ledgerAndNLV set, only NetLiquidation and the ledger ("lightweight" request).
 */
import { OUT_MSG_ID } from "../protocol";
import { accountUpdateMulti, accountUpdateMultiEnd } from "../replies";
import { resolveAccountOrGroup } from "./accounts";
import { STANDARD_TAGS, type TagSelection } from "./account-summary-tags";
import { AccountValuesSubscription } from "./account-values-subscription";
import { subscriptionHandlers } from "./subscription-request";

const FULL: TagSelection = { standard: [...STANDARD_TAGS.keys()].sort(), ledgers: [{ kind: "all" }] };
const LEDGER_AND_NLV: TagSelection = { standard: ["NetLiquidation"], ledgers: [{ kind: "all" }] };

const truthy = (field: string) => field === "1" || field.toLowerCase() === "true";

export const accountUpdatesMultiHandlers = subscriptionHandlers({
  request: OUT_MSG_ID.REQ_ACCOUNT_UPDATES_MULTI,
  cancel: OUT_MSG_ID.CANCEL_ACCOUNT_UPDATES_MULTI,
  versioned: true,
  identified: true,
  open(request, context, reqId) {
    const accounts = resolveAccountOrGroup(context.simulation, request.str("account"));
    const modelCode = request.str("modelCode");
    const ledgerAndNlv = truthy(request.str("ledgerAndNLV"));
    if (typeof accounts === "string") return accounts;
    return new AccountValuesSubscription(context, accounts, ledgerAndNlv ? LEDGER_AND_NLV : FULL, {
      line: (account, tag, value, currency) => accountUpdateMulti(reqId, account, modelCode, tag, value, currency),
      end: () => accountUpdateMultiEnd(reqId),
    });
  },
});
