/**
 * reqPnLSingle / cancelPnLSingle: one position's P&L (model/positions.ts has the semantics:
 * every value in the position's own currency), at once and on every tick that changes it.
 * A position closed after the request is reported with position 0 and its day's P&L.
 * An account or conId the account never held gets 321, addressed to the request.
 */
import { formatCents } from "../model/rounding";
import { OUT_MSG_ID } from "../protocol";
import { pnlSingle } from "../replies";
import type { RequestContext, Subscription } from "./handler";
import { subscriptionHandlers } from "./subscription-request";

class PnlSingleSubscription implements Subscription {
  readonly cadence = "tick";
  /** pos, daily, unrealized, realized, value as last sent (compared as numbers: cheaper than text). */
  private lastSent: number[] = [];

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    private readonly account: string,
    private readonly conId: number,
  ) {}

  start(): void {
    this.push();
  }

  push(): void {
    const line = this.context.simulation.positionLine(this.account, this.conId);
    if (!line) return;
    const { position, dailyPnL, unrealizedPnL, realizedPnL, value } = line.figures;
    const last = this.lastSent;
    if (last[0] === position && last[1] === dailyPnL && last[2] === unrealizedPnL && last[3] === realizedPnL && last[4] === value) return;
    this.lastSent = [position, dailyPnL, unrealizedPnL, realizedPnL, value];
    const money = formatCents;
    this.context.send(
      pnlSingle(this.context.serverVersion, this.reqId, position, money(dailyPnL), money(unrealizedPnL), money(realizedPnL), money(value)),
    );
  }
}

export const pnlSingleHandlers = subscriptionHandlers({
  request: OUT_MSG_ID.REQ_PNL_SINGLE,
  cancel: OUT_MSG_ID.CANCEL_PNL_SINGLE,
  versioned: false,
  identified: true,
  open(request, context, reqId) {
    const account = request.str("account");
    request.str("modelCode");
    const conId = request.int("conId");
    const { simulation } = context;
    if (!simulation.hasAccount(account)) return `Unknown account ${account}`;
    if (simulation.positionLine(account, conId) === undefined) return `No position in conId ${conId} for account ${account}`;
    return new PnlSingleSubscription(context, reqId, account, conId);
  },
});
