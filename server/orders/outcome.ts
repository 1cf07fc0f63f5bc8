import { CANCEL_OUTCOME_LABELS, type CancelOutcome, type OrderOutcome, type WorkingOrder } from "@/lib/orders";

/** What IB last said of an order during a cancel. */
export interface OrderTrack {
  status: string;
  filled: number;
  /** IB's messages about it, e.g. `202 Order Canceled - reason:`. */
  answers: string[];
}

/**
 * What became of an order a cancel aimed at: still working while IB's own list says so;
 * otherwise its last status says whether it was cancelled or filled meanwhile. An order IB
 * stopped listing without a status RiskDesk saw has ended, but how is not known.
 */
export function classifyOutcome(lastStatus: string | undefined, stillWorking: boolean): CancelOutcome {
  if (stillWorking) return "stillWorking";
  if (lastStatus === "Filled") return "filled";
  if (lastStatus === "Cancelled" || lastStatus === "ApiCancelled") return "cancelled";
  return "ended";
}

export function orderOutcome(order: WorkingOrder, track: OrderTrack | undefined, stillWorking: boolean): OrderOutcome {
  return {
    key: order.key,
    account: order.account,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    filled: track?.filled ?? order.filled,
    clientId: order.clientId,
    orderId: order.orderId,
    permId: order.permId,
    outcome: classifyOutcome(track?.status, stillWorking),
    status: track?.status ?? order.status,
    ibAnswer: track?.answers.length ? track.answers.join("; ") : null,
  };
}

/** The outcome in words: `3 orders: 2 cancelled, 1 filled meanwhile`. */
export function summarise(outcomes: readonly OrderOutcome[]): string {
  if (outcomes.length === 0) return "no working order was found";
  const counts = new Map<CancelOutcome, number>();
  for (const { outcome } of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const parts = [...counts].map(([outcome, count]) => `${count} ${CANCEL_OUTCOME_LABELS[outcome].toLowerCase()}`);
  return `${outcomes.length} order${outcomes.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}
