import type { StoreClient } from "@/server/store/database";

/** Security events, as they are named in the audit log. */
export type SecurityAction =
  | "login"
  | "login.failed"
  | "login.rateLimited"
  | "logout"
  | "user.added"
  | "user.removed"
  | "user.password"
  | "user.role"
  | "grant.added"
  | "grant.removed";

/** A guarded order cancel, step by step (server/orders/cancel-service.ts). */
export type ControlAction =
  | "orders.cancel.refused"
  | "orders.cancel.requested"
  | "orders.cancel.sent"
  | "orders.cancel.answered"
  | "orders.cancel.verified";

export interface SecurityEvent {
  /** The user name acting (for a failed login, the name tried; for the CLI, `cli:<os user>`). */
  actor: string;
  /** The client's address; the CLI has none. */
  address: string | null;
  action: SecurityAction | ControlAction;
  details?: Record<string, unknown>;
  /** incomplete: a control action went out but IB's state does not show it done. */
  outcome: "ok" | "refused" | "incomplete";
}

export type AuditLog = (event: SecurityEvent) => Promise<void>;

/**
 * Appends security events to the audit log at once, not through the batching write queue:
 * they are few, and each must be on disk before its request is answered.
 */
export function storeAuditLog(client: StoreClient): AuditLog {
  return async ({ actor, address, action, details = {}, outcome }) => {
    await client.auditRecord.create({ data: { actor, address, action, details: JSON.stringify(details), outcome } });
  };
}
