import { parseScope, type Grant, type Scope, type ScopeId } from "@/lib/scope";

/**
 * Who is asking: the grants of the request's user (none: every account), the same rule the
 * stream applies (lib/scope.ts). A backend run without users (its own tests) reads as one
 * user without grants.
 */
export interface Reader {
  grants: readonly Grant[];
}

export const UNLIMITED_READER: Reader = { grants: [] };

/** Whether a reader may read a scope's data (figures, history). The one place HTTP routes ask. */
export type ScopeAccess = (reader: Reader, scope: ScopeId) => boolean;

/**
 * A limited reader may read a group it was granted, and an account one of its grants covers;
 * never All, whose totals include accounts it may not see.
 */
export function grantedScopeAccess(accountsOf: (scope: Scope) => readonly string[]): ScopeAccess {
  return ({ grants }, id) => {
    if (grants.length === 0) return true;
    const scope = parseScope(id);
    if (scope.kind === "all") return false;
    if (scope.kind === "group") return grants.some((grant) => grant.kind === "group" && grant.name === scope.name);
    return grants.some((grant) => accountsOf(grant).includes(scope.id));
  };
}
