import { z } from "zod";

/** The security events and actions on alerts RiskDesk writes to its audit log, as they are named there. */
export const SECURITY_ACTIONS = [
  "login",
  "login.failed",
  "login.rateLimited",
  "logout",
  "user.added",
  "user.removed",
  "user.password",
  "user.role",
  "user.disabled",
  "user.enabled",
  "grant.added",
  "grant.removed",
  "audit.exported",
  "alert.acknowledged",
  "alertRules.changed",
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** A guarded order cancel, step by step (server/orders/cancel-service.ts). */
export const CONTROL_ACTIONS = [
  "orders.cancel.refused",
  "orders.cancel.requested",
  "orders.cancel.sent",
  "orders.cancel.answered",
  "orders.cancel.verified",
] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** An action filter ending in `.*` matches a family of actions: `orders.cancel.*` is every step of every cancel. */
export const ACTION_FAMILY_SUFFIX = ".*";
export const CANCEL_ACTIONS_FILTER = `orders.cancel${ACTION_FAMILY_SUFFIX}`;

/** What an action filter matches: one action by name, or every action that starts with a family's prefix. */
export function actionMatch(action: string): { equals: string } | { startsWith: string } {
  return action.endsWith(ACTION_FAMILY_SUFFIX) ? { startsWith: action.slice(0, -1) } : { equals: action };
}

export const AUDIT_PATH = "/api/audit";
export const AUDIT_CSV_PATH = "/api/audit.csv";
export const AUDIT_PAGE_SIZE = 50;
export const MAX_AUDIT_PAGE_SIZE = 500;

const filterFields = {
  actor: z.string().min(1).max(128).optional(),
  // Not only SECURITY_ACTIONS: control actions (alerts, cancels) are written to the same log.
  action: z
    .string()
    .max(64)
    .regex(/^[A-Za-z][A-Za-z0-9._-]*(\.\*)?$/, "an action is a name like user.added, or a family like orders.cancel.*")
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};
const fromBeforeTo = ({ from, to }: { from?: string; to?: string }) => !from || !to || Date.parse(from) < Date.parse(to);
const FROM_BEFORE_TO = { message: "from must be before to", path: ["to"] };

/**
 * The audit page's filter, from a query string: every field optional; `from` and `to` are
 * instants (ISO 8601 with a zone), `from` inclusive and `to` exclusive. The CSV export takes
 * the same filter; the page's list also a page number and size.
 */
export const auditFilterSchema = z.strictObject(filterFields).refine(fromBeforeTo, FROM_BEFORE_TO);
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditQuerySchema = z
  .strictObject({
    ...filterFields,
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(AUDIT_PAGE_SIZE),
  })
  .refine(fromBeforeTo, FROM_BEFORE_TO);
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditRecordSchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string(),
  address: z.string().nullable(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
  outcome: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** One page of the filtered log, newest first, and how many records the filter matches in all. */
export const auditPageSchema = z.object({
  records: z.array(auditRecordSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The query string of a filter (and page), without the fields left empty. */
export function auditSearch(filter: AuditFilter, page?: { page: number; pageSize: number }): string {
  const entries = Object.entries({ ...filter, ...page }).filter(([, value]) => value !== undefined && value !== "");
  return new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString();
}
