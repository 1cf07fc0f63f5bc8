/**
 * reqPositions / cancelPositions and reqPositionsMulti / cancelPositionsMulti. Like IB: every
 * open position, then the end marker; afterwards, while subscribed, a position message for
 * each position that changes (a trade), with position 0 when it closed.
 *
 * reqPositions is refused above 50 sub-accounts, as by TWS 973+ (IB's documentation: "not
 * available ... with very large numbers of subaccounts (> 50) ... Instead the function
 * reqPositionsMulti can be used"). IB publishes no code or wording for that refusal, so the
 * simulator sends its generic refusal, 321, with reqId -1 (the request carries no id).
 */
import type { Contract } from "../model/instruments";
import type { PositionChange } from "../model/simulation";
import { OUT_MSG_ID } from "../protocol";
import { position, positionEnd, positionMulti, positionMultiEnd } from "../replies";
import { MAX_ACCOUNTS_FOR_ALL, resolveAccountOrGroup, tooManyAccounts } from "./accounts";
import type { HandlerTable, RequestContext, Subscription } from "./handler";
import { subscriptionHandlers } from "./subscription-request";

class PositionsSubscription implements Subscription {
  readonly cadence = "none";

  constructor(private readonly context: RequestContext) {}

  start(): void {
    for (const { contract, figures } of this.context.simulation.positionLines()) {
      this.context.send(position(figures.account, contract, figures.position, figures.avgCost));
    }
    this.context.send(positionEnd());
  }

  push(): void {}

  positionsChanged(changes: readonly PositionChange[]): void {
    for (const change of changes) {
      const line = this.context.simulation.positionLine(change.account, change.conId);
      if (line) this.context.send(position(change.account, line.contract, line.figures.position, line.figures.avgCost));
    }
  }
}

class PositionsMultiSubscription implements Subscription {
  readonly cadence = "none";
  private readonly accounts: ReadonlySet<string>;

  constructor(
    private readonly context: RequestContext,
    private readonly reqId: number,
    accounts: readonly string[],
    private readonly modelCode: string,
  ) {
    this.accounts = new Set(accounts);
  }

  start(): void {
    const { simulation } = this.context;
    const lines = this.accounts.size === simulation.accountIds.length
      ? simulation.positionLines()
      : [...this.accounts].flatMap((account) => simulation.positionLines(account));
    for (const { contract, figures } of lines) this.send(figures.account, contract, figures.position, figures.avgCost);
    this.context.send(positionMultiEnd(this.reqId));
  }

  push(): void {}

  positionsChanged(changes: readonly PositionChange[]): void {
    for (const change of changes) {
      if (!this.accounts.has(change.account)) continue;
      const line = this.context.simulation.positionLine(change.account, change.conId);
      if (line) this.send(change.account, line.contract, line.figures.position, line.figures.avgCost);
    }
  }

  private send(account: string, contract: Contract, pos: number, avgCost: number): void {
    this.context.send(positionMulti(this.reqId, account, contract, pos, avgCost, this.modelCode));
  }
}

export const positionHandlers: HandlerTable = new Map([
  ...subscriptionHandlers({
    request: OUT_MSG_ID.REQ_POSITIONS,
    cancel: OUT_MSG_ID.CANCEL_POSITIONS,
    versioned: true,
    identified: false,
    open(_request, context) {
      if (!tooManyAccounts(context.simulation)) return new PositionsSubscription(context);
      return `Positions are not available for more than ${MAX_ACCOUNTS_FOR_ALL} accounts; use reqPositionsMulti`;
    },
  }),
  ...subscriptionHandlers({
    request: OUT_MSG_ID.REQ_POSITIONS_MULTI,
    cancel: OUT_MSG_ID.CANCEL_POSITIONS_MULTI,
    versioned: true,
    identified: true,
    open(request, context, reqId) {
      const accounts = resolveAccountOrGroup(context.simulation, request.str("account"));
      const modelCode = request.str("modelCode");
      if (typeof accounts === "string") return accounts;
      return new PositionsMultiSubscription(context, reqId, accounts, modelCode);
    },
  }),
]);
