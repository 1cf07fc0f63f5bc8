/** reqPnL / cancelPnL: the account's daily, unrealized and realized P&L, pushed when it changes. */
import { OUT_MSG_ID } from "../protocol";
import { pnl } from "../replies";
import type { RequestContext, Subscription } from "./handler";
import { subscriptionHandlers } from "./subscription-request";

class PnlSubscription implements Subscription {
  readonly cadence = "tick";
  private lastSent = "";

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    private readonly account: string,
  ) {}

  start(): void {
    this.push();
  }

  push(): void {
    const { dailyPnL, unrealizedPnL, realizedPnL } = this.context.simulation.figures(this.account);
    const fields = pnl(this.context.serverVersion, this.reqId, dailyPnL, unrealizedPnL, realizedPnL);
    const signature = fields.join("\0");
    if (signature === this.lastSent) return;
    this.lastSent = signature;
    this.context.send(fields);
  }
}

export const pnlHandlers = subscriptionHandlers({
  request: OUT_MSG_ID.REQ_PNL,
  cancel: OUT_MSG_ID.CANCEL_PNL,
  versioned: false,
  identified: true,
  open(request, context, reqId) {
    const account = request.str("account");
    request.str("modelCode");
    if (!context.simulation.hasAccount(account)) return `Unknown account ${account}`;
    return new PnlSubscription(context, reqId, account);
  },
});
