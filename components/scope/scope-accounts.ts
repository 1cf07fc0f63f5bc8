import type { FaConfig } from "@/lib/fa";
import { parseScope, type ScopeId } from "@/lib/scope";

/** An account as people know it: `Growth Fund (DU123)`, or the bare id without an alias. */
export function accountLabel(accountId: string, aliases: Readonly<Record<string, string>>): string {
  const alias = aliases[accountId];
  return alias ? `${alias} (${accountId})` : accountId;
}

/** What a scope covers, in words. */
export function scopeLabel(scope: ScopeId, fa: FaConfig): string {
  const parsed = parseScope(scope);
  if (parsed.kind === "group") return `Group ${parsed.name}`;
  if (parsed.kind === "account") return `Account ${accountLabel(parsed.id, fa.aliases)}`;
  return "All accounts";
}

/**
 * The followed accounts a scope covers, sorted: all of them, a group's members, or the one
 * account. A member RiskDesk does not follow (yet) is left out, as it has nothing to show.
 */
export function accountsInScope(scope: ScopeId, accountIds: readonly string[], fa: FaConfig): readonly string[] {
  const parsed = parseScope(scope);
  if (parsed.kind === "all") return accountIds;
  const members = new Set(parsed.kind === "account" ? [parsed.id] : (fa.groups.find((group) => group.name === parsed.name)?.accounts ?? []));
  return accountIds.filter((id) => members.has(id));
}
