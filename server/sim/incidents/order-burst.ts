/**
 * A burst of orders filling. Until the simulator has an orders model, a fill is a trade of the
 * trading model (the position changes at the current price, positions and figures are pushed);
 * `fillBurst` is the one entry point, which the orders model will take over by filling real
 * working orders instead.
 */
import type { Clock } from "./clock";
import type { SimPosition } from "../model/positions";

export interface BurstTarget {
  positions(accountId: string): SimPosition[];
  trade(accountId: string, conId: number, quantity: number): unknown;
}

export interface BurstPlan {
  account: string;
  count: number;
  intervalMs: number;
}

export interface Burst {
  /** Fills so far. */
  readonly filled: number;
  readonly done: Promise<void>;
  stop(): void;
}

/** A fill of a few percent of a position, alternately bought and sold, so the book stays about the same. */
function nextQuantity(position: SimPosition, fill: number): number {
  const size = Math.max(1, Math.round(Math.abs(position.position) * 0.02));
  return position.position + (fill % 2 === 0 ? size : -size);
}

/** Fills `count` orders on the account's stock positions, one every `intervalMs`. */
export function fillBurst(target: BurstTarget, plan: BurstPlan, clock: Clock): Burst {
  const stocks = target.positions(plan.account).filter((p) => p.secType === "STK");
  if (stocks.length === 0) throw new RangeError(`${plan.account} holds no stock to fill orders in`);
  let filled = 0;
  let timer: unknown;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const fillOne = () => {
    timer = undefined;
    const conId = stocks[filled % stocks.length]!.conId;
    const now = target.positions(plan.account).find((p) => p.conId === conId);
    if (now) target.trade(plan.account, conId, nextQuantity(now, filled));
    filled++;
    if (filled < plan.count) timer = clock.setTimeout(fillOne, plan.intervalMs);
    else finish();
  };
  fillOne();
  return {
    get filled() {
      return filled;
    },
    done,
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      finish();
    },
  };
}
