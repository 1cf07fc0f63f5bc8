/** reqPnL / cancelPnL: the account's daily, unrealized and realized P&L, pushed when it changes. */
import { ERROR_CODE, OUT_MSG_ID, validationError } from "../protocol";
import { pnl } from "../replies";
import type { HandlerTable, RequestContext, Subscription } from "./handler";

const subscriptionKey = (reqId: number) => `pnl:${reqId}`;

class PnlSubscription implements Subscription {
  readonly cadence = "tick";
  private lastSent = "";

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    private readonly account: string,
  ) {}

  push(): void {
    const { dailyPnL, unrealizedPnL, realizedPnL } = this.context.simulation.figures(this.account);
    const fields = pnl(this.context.serverVersion, this.reqId, dailyPnL, unrealizedPnL, realizedPnL);
    const signature = fields.join("\0");
    if (signature === this.lastSent) return;
    this.lastSent = signature;
    this.context.send(fields);
  }
}

export const pnlHandlers: HandlerTable = new Map([
  [
    OUT_MSG_ID.REQ_PNL,
    (request, context) => {
      const reqId = request.int("reqId");
      const account = request.str("account");
      request.str("modelCode");
      if (!context.simulation.hasAccount(account)) {
        context.sendError(reqId, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_PNL, `Unknown account ${account}`));
        return;
      }
      const subscription = new PnlSubscription(context, reqId, account);
      context.subscribe(subscriptionKey(reqId), subscription);
      subscription.push();
    },
  ],
  [OUT_MSG_ID.CANCEL_PNL, (request, context) => void context.unsubscribe(subscriptionKey(request.int("reqId")))],
]);
