"use client";

import { accountLabel, accountScope, ALL_SCOPE, groupScope, parseScope, scopeLabel } from "@/lib/scope";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useScope, useScopeHref } from "@/components/scope/use-scope";
import { useAccountIds, useFaConfig } from "@/components/stream/hooks";
import controls from "@/components/controls/labelled-control.module.css";
import styles from "./scope-selector.module.css";

/**
 * What every page shows, like TWS's account selector: all accounts, one FA group or one
 * account. The choice lives in the URL, so it survives a reload and can be shared.
 */
export function ScopeSelector() {
  const scope = useScope();
  const fa = useFaConfig();
  const accountIds = useAccountIds();
  const scopeHref = useScopeHref();
  const router = useRouter();
  const selectId = useId();
  const known = scope === ALL_SCOPE || fa.groups.some((group) => groupScope(group.name) === scope) || accountIds.some((id) => accountScope(id) === scope);

  return (
    <label htmlFor={selectId} className={`${controls.labelled} ${styles.selector}`}>
      Scope
      <select id={selectId} data-testid="scope-selector" value={scope} onChange={(event) => router.push(scopeHref(event.target.value), { scroll: false })}>
        <option value={ALL_SCOPE}>All accounts</option>
        {/* A shared link can name a scope before the stream has said it exists. */}
        {!known && <option value={scope}>{scopeLabel(parseScope(scope), fa.aliases)}</option>}
        {fa.groups.length > 0 && (
          <optgroup label="FA groups">
            {fa.groups.map((group) => (
              <option key={group.name} value={groupScope(group.name)}>
                {group.name} ({group.accounts.length} account{group.accounts.length === 1 ? "" : "s"})
              </option>
            ))}
          </optgroup>
        )}
        {accountIds.length > 0 && (
          <optgroup label="Accounts">
            {accountIds.map((id) => (
              <option key={id} value={accountScope(id)}>
                {accountLabel(id, fa.aliases)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
