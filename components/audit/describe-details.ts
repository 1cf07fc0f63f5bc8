import { z } from "zod";
import { CANCEL_OUTCOME_LABELS, cancelOutcomeSchema } from "@/lib/orders";
import type { AuditRecord } from "@/lib/audit";

/**
 * An audit record's details as lines a person reads: for each step of an order cancel, what
 * was asked, what was sent to IB, what IB answered and what became of each order; for any
 * other action (or a cancel record not shaped as expected) the details as they are stored.
 */
export function describeDetails(record: Pick<AuditRecord, "action" | "details">): string[] {
  const describe = CANCEL_STEPS[record.action];
  const lines = describe?.(record.details);
  return lines ?? [JSON.stringify(record.details)];
}

const orderSchema = z.object({
  account: z.string(),
  symbol: z.string(),
  side: z.string(),
  quantity: z.number(),
  clientId: z.number(),
  orderId: z.number(),
});
type AuditedOrder = z.infer<typeof orderSchema>;

const stepSchema = z.object({ cancelId: z.string(), scope: z.string(), reason: z.string() });
const requestedSchema = stepSchema.extend({ confirmation: z.string(), targets: z.array(orderSchema) });
const sentSchema = stepSchema.extend({ request: z.string(), orderIds: z.array(z.number()).optional(), notSent: z.array(z.string()).optional() });
const answeredSchema = stepSchema.extend({ ibAnswers: z.array(z.string()) });
const verifiedSchema = stepSchema.extend({
  verified: z.boolean(),
  summary: z.string(),
  orders: z.array(orderSchema.extend({ outcome: cancelOutcomeSchema, status: z.string(), ibAnswer: z.string().nullable() })),
});
const refusedSchema = z.object({ refusal: z.string(), scope: z.string().optional(), reason: z.string().optional(), payload: z.string().optional() });

const orderText = (order: AuditedOrder) => `${order.side} ${order.quantity} ${order.symbol} in ${order.account} (client ${order.clientId}, order ${order.orderId})`;
/** The first 8 characters of the cancel's id: enough to tell its steps from another cancel's. */
const cancelText = (step: z.infer<typeof stepSchema>) => `cancel ${step.cancelId.slice(0, 8)} of ${step.scope}, reason "${step.reason}"`;

/** Each describer answers null when the details are not shaped as it expects. */
const CANCEL_STEPS: Readonly<Record<string, (details: unknown) => string[] | null>> = {
  "orders.cancel.requested": (details) => {
    const step = requestedSchema.safeParse(details);
    if (!step.success) return null;
    const { targets, confirmation } = step.data;
    return [
      `Asked: ${cancelText(step.data)}; confirmed with "${confirmation}"`,
      `${targets.length} working order${targets.length === 1 ? "" : "s"} aimed at${targets.length ? ":" : ""}`,
      ...targets.map((order) => `\u2022 ${orderText(order)}`),
    ];
  },
  "orders.cancel.sent": (details) => {
    const step = sentSchema.safeParse(details);
    if (!step.success) return null;
    const { request, orderIds, notSent } = step.data;
    return [
      `Sent to IB: ${request}${orderIds ? ` for order id${orderIds.length === 1 ? "" : "s"} ${orderIds.join(", ") || "(none)"}` : ""} (${cancelText(step.data)})`,
      ...(notSent?.length ? [`Not sent (typed in TWS, no API order id): ${notSent.join(", ")}`] : []),
    ];
  },
  "orders.cancel.answered": (details) => {
    const step = answeredSchema.safeParse(details);
    if (!step.success) return null;
    const { ibAnswers } = step.data;
    return [`IB answered (${cancelText(step.data)}):`, ...(ibAnswers.length ? ibAnswers.map((answer) => `\u2022 ${answer}`) : ["\u2022 no order message"])];
  },
  "orders.cancel.verified": (details) => {
    const step = verifiedSchema.safeParse(details);
    if (!step.success) return null;
    const { verified, summary, orders } = step.data;
    return [
      `Outcome${verified ? ", verified in IB's list" : ", NOT verified"}: ${summary} (${cancelText(step.data)})`,
      ...orders.map((order) => `\u2022 ${orderText(order)}: ${CANCEL_OUTCOME_LABELS[order.outcome]} \u2014 ${order.ibAnswer ?? `status ${order.status}`}`),
    ];
  },
  "orders.cancel.refused": (details) => {
    const step = refusedSchema.safeParse(details);
    if (!step.success) return null;
    const { refusal, scope, reason, payload } = step.data;
    return [
      `Refused: ${refusal}`,
      ...(scope ? [`Asked to cancel ${scope}${reason ? `, reason "${reason}"` : ""}`] : []),
      ...(payload ? [`Malformed request: ${payload}`] : []),
    ];
  },
};
