/**
 * A burst of orders filling: working orders of the orders model fill one after another at the
 * current price (the account's own, if the incident names one), so the blotter loses them and
 * the positions and figures move. `fillBurst` is the one entry point.
 */
import type { Clock } from "./clock";

export interface BurstTarget {
  /** Fills up to `count` working orders (of `accountId`, if given); returns how many filled. */
  fillOrders(count: number, accountId?: string): number;
}

export interface BurstPlan {
  /** Only this account's working orders; all of the login's without. */
  account?: string;
  count: number;
  intervalMs: number;
}

export interface Burst {
  /** Fills so far. */
  readonly filled: number;
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * Fills up to `count` working orders, one every `intervalMs`; it ends early when no working
 * order is left. Throws a RangeError when there is none to fill at the start.
 */
export function fillBurst(target: BurstTarget, plan: BurstPlan, clock: Clock): Burst {
  if (target.fillOrders(1, plan.account) === 0) {
    throw new RangeError(`${plan.account ?? "the login"} has no working order to fill`);
  }
  let filled = 1;
  let timer: unknown;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const fillOne = () => {
    timer = undefined;
    if (filled >= plan.count || target.fillOrders(1, plan.account) === 0) {
      finish();
      return;
    }
    filled++;
    timer = clock.setTimeout(fillOne, plan.intervalMs);
  };
  if (plan.count > 1) timer = clock.setTimeout(fillOne, plan.intervalMs);
  else finish();
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
