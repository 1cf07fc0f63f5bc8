import { z } from "zod";
import type { FaGroup } from "./fa";

/**
 * What a view covers, like TWS's account selector: everything, one FA group, or one
 * account. On the wire and in URLs it is a string id (`all`, `group:Growth`, `account:DU1`),
 * parsed once at the edge into a `Scope`. Which accounts a scope covers, which intraday
 * series it charts and how it reads are written here once, for the server and the browser.
 */
export const ALL_SCOPE = "all";
const GROUP_PREFIX = "group:";
const ACCOUNT_PREFIX = "account:";

export type Scope = { kind: "all" } | { kind: "group"; name: string } | { kind: "account"; id: string };

export const scopeIdSchema = z
  .string()
  .max(200)
  .regex(/^(all|group:\S.*|account:[A-Za-z0-9]+)$/, "a scope is all, group:<name> or account:<id>");
export type ScopeId = z.infer<typeof scopeIdSchema>;

export const groupScope = (name: string): ScopeId => GROUP_PREFIX + name;
export const accountScope = (id: string): ScopeId => ACCOUNT_PREFIX + id;

/** The string id of a scope, for keys, URLs and the wire. */
export function scopeId(scope: Scope): ScopeId {
  if (scope.kind === "group") return groupScope(scope.name);
  if (scope.kind === "account") return accountScope(scope.id);
  return ALL_SCOPE;
}

export function parseScope(id: ScopeId): Scope {
  if (id.startsWith(GROUP_PREFIX)) return { kind: "group", name: id.slice(GROUP_PREFIX.length) };
  if (id.startsWith(ACCOUNT_PREFIX)) return { kind: "account", id: id.slice(ACCOUNT_PREFIX.length) };
  return { kind: "all" };
}

/**
 * The followed accounts a scope covers, in the order of `accountIds` (sorted by the caller):
 * all of them, a group's members, or the one account. A member RiskDesk does not follow is
 * left out, as it has nothing to show.
 */
export function scopeAccounts(scope: Scope, accountIds: readonly string[], groups: readonly FaGroup[]): readonly string[] {
  if (scope.kind === "all") return accountIds;
  const members = new Set(scope.kind === "account" ? [scope.id] : (groups.find((group) => group.name === scope.name)?.accounts ?? []));
  return accountIds.filter((id) => members.has(id));
}

/** What a user may be limited to: accounts and FA groups. A user with no grant sees every account. */
export type Grant = Extract<Scope, { kind: "account" | "group" }>;

/** The followed accounts a user with these grants may see: all of them without a grant, else what its grants cover. */
export function grantedAccounts(grants: readonly Grant[], accountIds: readonly string[], groups: readonly FaGroup[]): readonly string[] {
  if (grants.length === 0) return accountIds;
  const granted = new Set(grants.flatMap((grant) => scopeAccounts(grant, accountIds, groups)));
  return accountIds.filter((id) => granted.has(id));
}

/**
 * The scope a user with these grants is shown when it asks for `scope`: that scope when it is
 * one of its grants or an account it may see, else its first grant (All included: a limited
 * user's "All" would be firm figures over accounts it may not see).
 */
export function grantedScope(scope: Scope, grants: readonly Grant[], accountIds: readonly string[], groups: readonly FaGroup[]): Scope {
  if (grants.length === 0) return scope;
  const id = scopeId(scope);
  if (grants.some((grant) => scopeId(grant) === id)) return scope;
  if (scope.kind === "account" && grantedAccounts(grants, accountIds, groups).includes(scope.id)) return scope;
  return grants[0]!;
}

/** The firm's intraday series id; a group's is its scope id, an account's its id. */
export const FIRM_SERIES = "firm";

/**
 * The intraday series a scope charts: under All the firm's and each group's (not every
 * account's: at 500 accounts that would grow the overview with uptime); under a group its
 * own and its members'; under an account its own.
 */
export function scopeSeries(scope: Scope, accountIds: readonly string[], groups: readonly FaGroup[]): string[] {
  if (scope.kind === "all") return [FIRM_SERIES, ...groups.map((group) => groupScope(group.name))];
  const accounts = scopeAccounts(scope, accountIds, groups);
  return scope.kind === "group" ? [groupScope(scope.name), ...accounts] : [...accounts];
}

/** An account as people know it: `Growth Fund (DU123)`, or the bare id without an alias. */
export function accountLabel(accountId: string, aliases: Readonly<Record<string, string>>): string {
  const alias = aliases[accountId];
  return alias ? `${alias} (${accountId})` : accountId;
}

export const groupLabel = (name: string): string => `Group ${name}`;

/** What a scope covers, in words. */
export function scopeLabel(scope: Scope, aliases: Readonly<Record<string, string>>): string {
  if (scope.kind === "group") return groupLabel(scope.name);
  if (scope.kind === "account") return `Account ${accountLabel(scope.id, aliases)}`;
  return "All accounts";
}

/** An intraday series in words. */
export function seriesLabel(series: string, aliases: Readonly<Record<string, string>>): string {
  if (series === FIRM_SERIES) return "Firm";
  const scope = parseScope(series);
  return scope.kind === "group" ? groupLabel(scope.name) : accountLabel(series, aliases);
}

/** The scope whose figures an intraday series charts: the firm's is All's, an account's is the account's. */
export function seriesScope(series: string): ScopeId {
  if (series === FIRM_SERIES) return ALL_SCOPE;
  return parseScope(series).kind === "group" ? series : accountScope(series);
}

/** The intraday series of a scope's own figures: the firm's for All, the group's, the account's (seriesScope's inverse). */
export function scopeOwnSeries(scope: Scope): string {
  if (scope.kind === "group") return groupScope(scope.name);
  return scope.kind === "account" ? scope.id : FIRM_SERIES;
}
