"use client";

import { useMemo } from "react";
import { parseScope, scopeAccounts } from "@/lib/scope";
import { useAccountIds, useFaConfig } from "@/components/stream/hooks";
import { useScope } from "./use-scope";

/** The followed accounts the selected scope covers, sorted by id. */
export function useScopeAccountIds(): readonly string[] {
  const scope = useScope();
  const accountIds = useAccountIds();
  const { groups } = useFaConfig();
  return useMemo(() => scopeAccounts(parseScope(scope), accountIds, groups), [scope, accountIds, groups]);
}
