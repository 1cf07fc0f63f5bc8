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
import type { PositionLine } from "../model/positions";
import type { PositionChange, Simulation } from "../model/simulation";
import { OUT_MSG_ID } from "../protocol";
import { position, positionEnd, positionMulti, positionMultiEnd } from "../replies";
import { MAX_ACCOUNTS_FOR_ALL, resolveAccountOrGroup, tooManyAccounts } from "./accounts";
import type { Field } from "@/server/tws-wire/frames";
import type { HandlerTable, RequestContext, Subscription } from "./handler";
import { subscriptionHandlers } from "./subscription-request";

/** A position's size and average cost as sent: the true ones unless the control surface overrides them. */
function sizeAndCost(simulation: Simulation, { contract, figures }: PositionLine): [pos: Field, avgCost: Field] {
  const { overrides } = simulation;
  return [
    overrides.positionField(figures.account, contract.conId, "position") ?? figures.position,
    overrides.positionField(figures.account, contract.conId, "avgCost") ?? figures.avgCost,
  ];
}

class PositionsSubscription implements Subscription {
  readonly cadence = "none";

  constructor(private readonly context: RequestContext) {}

  start(): void {
    const { simulation } = this.context;
    for (const line of simulation.positionLines()) this.context.send(position(line.figures.account, line.contract, ...sizeAndCost(simulation, line)));
    this.context.send(positionEnd());
  }

  push(): void {}

  positionsChanged(changes: readonly PositionChange[]): void {
    for (const change of changes) {
      const line = this.context.simulation.positionLine(change.account, change.conId);
      if (line) this.context.send(position(change.account, line.contract, ...sizeAndCost(this.context.simulation, line)));
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
    for (const line of lines) this.send(line);
    this.context.send(positionMultiEnd(this.reqId));
  }

  push(): void {}

  positionsChanged(changes: readonly PositionChange[]): void {
    for (const change of changes) {
      if (!this.accounts.has(change.account)) continue;
      const line = this.context.simulation.positionLine(change.account, change.conId);
      if (line) this.send(line);
    }
  }

  private send(line: PositionLine): void {
    const [pos, avgCost] = sizeAndCost(this.context.simulation, line);
    this.context.send(positionMulti(this.reqId, line.figures.account, line.contract, pos, avgCost, this.modelCode));
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
