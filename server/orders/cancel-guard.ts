import { ROLE_LABELS, type Role } from "@/lib/auth";
import { confirmationPhrase, type CancelRequest } from "@/lib/orders";
import { grantedAccounts, parseScope, type Grant } from "@/lib/scope";
import type { FaGroup } from "@/lib/fa";

/** Who asks for a cancel, as their session says, and from where. */
export interface CancelActor {
  name: string;
  role: Role;
  /** Empty: every account. */
  grants: readonly Grant[];
  address: string | null;
}

const MAY_CANCEL: ReadonlySet<Role> = new Set(["riskManager", "admin"]);

export const LINK_DOWN_MESSAGE = "the link to IB is down: call IB's trade desk to cancel orders";

/** A cancel under way, as a second request is told of it. */
export interface RunningCancel {
  by: string;
  startedAt: number;
}

export interface GuardContext {
  running: RunningCancel | null;
  canReachIb: boolean;
  accountIds: readonly string[];
  groups: readonly FaGroup[];
}

/**
 * Why this cancel may not go out, or null when it may: the role, the scope against the
 * user's grants (a global cancel reaches every account of the login, so only a user who
 * sees every account may send it), the typed confirmation, a cancel already running, the link.
 */
export function cancelRefusal(actor: CancelActor, request: CancelRequest, context: GuardContext): string | null {
  if (!MAY_CANCEL.has(actor.role)) return `only a risk manager or an admin may cancel orders; you are logged in as ${ROLE_LABELS[actor.role]}`;
  const scopeRefusal = scopeRefusalFor(actor.grants, request.scope, context);
  if (scopeRefusal) return scopeRefusal;
  const phrase = confirmationPhrase(request.scope);
  if (request.confirmation !== phrase) return `type ${phrase} exactly to confirm`;
  if (context.running) {
    return `a cancel is already running, started by ${context.running.by} at ${new Date(context.running.startedAt).toISOString().slice(11, 19)} UTC`;
  }
  if (!context.canReachIb) return LINK_DOWN_MESSAGE;
  return null;
}

function scopeRefusalFor(grants: readonly Grant[], scopeId: string, { accountIds, groups }: GuardContext): string | null {
  if (grants.length === 0) return null;
  const scope = parseScope(scopeId);
  if (scope.kind === "all") return "a global cancel reaches every account of the login, and you may see only some: cancel your group or account instead";
  if (scope.kind === "group" && !grants.some((grant) => grant.kind === "group" && grant.name === scope.name)) return `you have no grant for group ${scope.name}`;
  if (scope.kind === "account" && !grantedAccounts(grants, accountIds, groups).includes(scope.id)) return `you have no grant for account ${scope.id}`;
  return null;
}
