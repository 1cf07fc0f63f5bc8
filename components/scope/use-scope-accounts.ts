"use client";

import { useMemo } from "react";
import { useAccountIds, useFaConfig } from "@/components/stream/hooks";
import { accountsInScope } from "./scope-accounts";
import { useScope } from "./use-scope";

/** The followed accounts the selected scope covers, sorted by id. */
export function useScopeAccountIds(): readonly string[] {
  const scope = useScope();
  const accountIds = useAccountIds();
  const fa = useFaConfig();
  return useMemo(() => accountsInScope(scope, accountIds, fa), [scope, accountIds, fa]);
}
