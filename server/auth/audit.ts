import type { ControlAction, SecurityAction } from "@/lib/audit";
import type { StoreClient } from "@/server/store/database";

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
