import { z } from "zod";
import { scopeIdSchema, type ScopeId, parseScope } from "./scope";

/**
 * Working orders as the blotter shows them, and the contract of the guarded cancel: what
 * the browser asks, the progress it is told, and the verified result. Defined once here
 * for the collector, the engine, the hub and the pages.
 */

/** IB's order statuses that end an order. */
export const DONE_STATUSES = ["Cancelled", "ApiCancelled", "Filled", "Inactive"] as const;

/** Whether an order in this IB status can still trade; an unknown status is taken as working, never as gone. */
export const isWorkingStatus = (status: string): boolean => !(DONE_STATUSES as readonly string[]).includes(status);

export const workingOrderSchema = z.object({
  /** `${account}:${permId}`: unique across client ids (order ids are not) and stable. */
  key: z.string(),
  account: z.string(),
  /** The contract's local symbol (IB's symbol when it has none). */
  symbol: z.string(),
  secType: z.string(),
  /** IB's action: BUY, SELL, SSHORT. */
  side: z.string(),
  quantity: z.number(),
  filled: z.number(),
  remaining: z.number(),
  /** IB's order type: LMT, STP, STP LMT, TRAIL, MOC, MIDPRICE ... */
  type: z.string(),
  limitPrice: z.number().nullable(),
  /** IB's aux price: the stop price of stop orders, the trailing amount of TRAIL. */
  stopPrice: z.number().nullable(),
  tif: z.string(),
  /** IB's status: PreSubmitted, Submitted, PendingCancel ... */
  status: z.string(),
  /** The API client that placed it; 0 for orders typed in TWS. */
  clientId: z.number().int(),
  /** The placing client's order id (not unique across clients; manual TWS orders may have none). */
  orderId: z.number().int(),
  permId: z.number().int(),
  orderRef: z.string(),
  /** The FA group it was allocated to, if any. */
  faGroup: z.string().nullable(),
  /** Epoch ms of the last change of its status or fill. */
  changedAt: z.number(),
});
export type WorkingOrder = z.infer<typeof workingOrderSchema>;

export const orderKey = (account: string, permId: number): string => `${account}:${permId}`;
export const accountOfOrderKey = (key: string): string => key.slice(0, key.lastIndexOf(":"));

/** What a reconnect found changed while RiskDesk was away from IB, in counts. */
export const ordersReconciliationSchema = z.object({
  at: z.number(),
  appeared: z.number().int().nonnegative(),
  ended: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
});
export type OrdersReconciliation = z.infer<typeof ordersReconciliationSchema>;

/** The phrase a user types to confirm a cancel over a scope: `CANCEL ALL`, `CANCEL Growth`, `CANCEL DU123`. */
export function confirmationPhrase(scope: ScopeId): string {
  const parsed = parseScope(scope);
  if (parsed.kind === "group") return `CANCEL ${parsed.name}`;
  if (parsed.kind === "account") return `CANCEL ${parsed.id}`;
  return "CANCEL ALL";
}

export const cancelRequestSchema = z.strictObject({
  /** `all` cancels every order of the login at IB (reqGlobalCancel); a group or an account, its own working orders. */
  scope: scopeIdSchema,
  /** Must equal confirmationPhrase(scope). */
  confirmation: z.string().max(300),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
});
export type CancelRequest = z.infer<typeof cancelRequestSchema>;

/** What became of one order a cancel aimed at, as IB's own state shows it afterwards. */
export const CANCEL_OUTCOMES = ["cancelled", "filled", "stillWorking", "ended"] as const;
export const cancelOutcomeSchema = z.enum(CANCEL_OUTCOMES);
export type CancelOutcome = z.infer<typeof cancelOutcomeSchema>;

export const CANCEL_OUTCOME_LABELS: Record<CancelOutcome, string> = {
  cancelled: "Cancelled",
  filled: "Filled meanwhile",
  stillWorking: "Still working",
  ended: "No longer working (IB gave no status)",
};

export const orderOutcomeSchema = z.object({
  key: z.string(),
  account: z.string(),
  symbol: z.string(),
  side: z.string(),
  quantity: z.number(),
  filled: z.number(),
  clientId: z.number().int(),
  orderId: z.number().int(),
  permId: z.number().int(),
  outcome: cancelOutcomeSchema,
  /** IB's last status for it. */
  status: z.string(),
  /** What IB said about it (e.g. `202 Order Canceled - reason:`), if anything. */
  ibAnswer: z.string().nullable(),
});
export type OrderOutcome = z.infer<typeof orderOutcomeSchema>;

export const cancelProgressSchema = z.object({
  cancelId: z.string(),
  stage: z.enum(["sent", "verifying"]),
  message: z.string(),
  /** Orders still working at IB in the cancel's scope, as last seen. */
  stillWorking: z.number().int().nonnegative(),
});
export type CancelProgress = z.infer<typeof cancelProgressSchema>;

export const cancelResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(false), error: z.string() }),
  z.object({
    ok: z.literal(true),
    cancelId: z.string(),
    scope: scopeIdSchema,
    /** True when IB's own list showed no order working in the scope before the timeout. */
    verified: z.boolean(),
    /** In words, for the dialog and the audit log. */
    summary: z.string(),
    orders: z.array(orderOutcomeSchema),
    startedAt: z.number(),
    finishedAt: z.number(),
  }),
]);
export type CancelResult = z.infer<typeof cancelResultSchema>;

/** The cancel's Socket.IO events. */
export const ORDER_EVENTS = {
  /** Browser → server, with an ack that receives the CancelResult. */
  cancel: "orders:cancel",
  /** Server → the requesting browser, while the cancel runs. */
  cancelProgress: "orders:cancelProgress",
} as const;
