import type { StoreClient } from "@/server/store/database";

/** Security events and actions on alerts, as they are named in the audit log. */
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
  | "grant.removed"
  | "alert.acknowledged"
  | "alertRules.changed";

export interface SecurityEvent {
  /** The user name acting (for a failed login, the name tried; for the CLI, `cli:<os user>`). */
  actor: string;
  /** The client's address; the CLI has none. */
  address: string | null;
  action: SecurityAction;
  details?: Record<string, unknown>;
  outcome: "ok" | "refused";
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
