"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { ALL_SCOPE, scopeIdSchema, type ScopeId } from "@/lib/scope";

/** The URL query parameter that carries the scope, so a view survives reloads and can be shared. */
export const SCOPE_PARAM = "scope";

/** The scope in the URL; All when absent or malformed. */
export function useScope(): ScopeId {
  const parsed = scopeIdSchema.safeParse(useSearchParams().get(SCOPE_PARAM));
  return parsed.success ? parsed.data : ALL_SCOPE;
}

/** A link to `pathname` (the current page by default) under `scope`, keeping other query parameters. */
export function useScopeHref(): (scope: ScopeId, pathname?: string) => string {
  const current = usePathname();
  const searchParams = useSearchParams();
  return (scope, pathname = current) => {
    const params = new URLSearchParams(searchParams);
    if (scope === ALL_SCOPE) params.delete(SCOPE_PARAM);
    else params.set(SCOPE_PARAM, scope);
    // A colon is fine in a query and keeps a shared link readable: ?scope=group:Growth.
    const query = params.toString().replaceAll("%3A", ":");
    return query ? `${pathname}?${query}` : pathname;
  };
}
