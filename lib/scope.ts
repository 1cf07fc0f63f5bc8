import { z } from "zod";

/**
 * What a view covers, like TWS's account selector: everything, one FA group, or one
 * account. Written as a string id so it can key caches, rooms and URLs.
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

export function parseScope(id: ScopeId): Scope {
  if (id.startsWith(GROUP_PREFIX)) return { kind: "group", name: id.slice(GROUP_PREFIX.length) };
  if (id.startsWith(ACCOUNT_PREFIX)) return { kind: "account", id: id.slice(ACCOUNT_PREFIX.length) };
  return { kind: "all" };
}
