import { alertHistoryQuerySchema, type AlertHistoryResponse } from "@/lib/alert-history";
import { alertOfRecord } from "@/server/alerts/alert-recorder";
import { accountScope, scopeId, type Grant, type Scope, type ScopeId } from "@/lib/scope";
import type { StoreClient } from "@/server/store/database";
import { parseQuery } from "./api-route";
import type { JsonRoute } from "./request-handler";
import type { ScopeAccess } from "./scope-access";

/**
 * GET /api/alerts: stored alert episodes, newest first, filtered by raise time, scope, rule
 * and level. A limited user reads only the episodes of its granted groups and of the accounts
 * its grants cover (asking for another scope is a 403); never the firm's.
 */
export function alertHistoryRoute(client: StoreClient, mayRead: ScopeAccess, accountsOf: (scope: Scope) => readonly string[]): JsonRoute {
  return async (query, reader) => {
    const parsed = parseQuery(query, alertHistoryQuerySchema);
    if ("refusal" in parsed) return parsed.refusal;
    const { from, to, scope, rule, level, limit } = parsed.data;
    if (scope && !mayRead(reader, scope)) return { status: 403, body: { error: "this scope is not yours to read" } };
    const scopes = scope ? [scope] : reader.grants.length ? readableScopes(reader.grants, accountsOf) : null;
    const rows = await client.alert.findMany({
      where: {
        ...(from !== undefined || to !== undefined ? { raisedAt: { gte: dateOrUndefined(from), lte: dateOrUndefined(to) } } : {}),
        ...(scopes ? { scope: { in: scopes } } : {}),
        ...(rule ? { rule } : {}),
        ...(level ? { level } : {}),
      },
      orderBy: [{ raisedAt: "desc" }, { id: "desc" }],
      take: limit + 1,
    });
    const body: AlertHistoryResponse = { alerts: rows.slice(0, limit).map(alertOfRecord), truncated: rows.length > limit };
    return { status: 200, body };
  };
}

/** The scopes a limited user's alerts may be about: its granted groups and every account they cover. */
function readableScopes(grants: readonly Grant[], accountsOf: (scope: Scope) => readonly string[]): ScopeId[] {
  const scopes = new Set<ScopeId>();
  for (const grant of grants) {
    if (grant.kind === "group") scopes.add(scopeId(grant));
    for (const account of accountsOf(grant)) scopes.add(accountScope(account));
  }
  return [...scopes];
}

const dateOrUndefined = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
