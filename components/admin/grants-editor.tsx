"use client";

import { accountLabel, accountScope, groupScope, parseScope, scopeLabel } from "@/lib/scope";
import { useAccountIds, useFaConfig } from "@/components/stream/hooks";
import styles from "./admin.module.css";

/**
 * Which FA groups and accounts a user is limited to, as checkboxes over what the stream
 * knows; a grant the stream does not know (yet) is listed too, so it can be kept or dropped.
 * Nothing ticked: every account.
 */
export function GrantsEditor({ value, onChange, label }: { value: readonly string[]; onChange: (grants: string[]) => void; label: string }) {
  const fa = useFaConfig();
  const accountIds = useAccountIds();
  const known = [...fa.groups.map((group) => groupScope(group.name)), ...accountIds.map(accountScope)];
  const unknown = value.filter((grant) => !known.includes(grant));
  const toggle = (grant: string, on: boolean) => onChange(on ? [...value, grant] : value.filter((held) => held !== grant));
  const box = (grant: string, text: string) => (
    <label key={grant} className={styles.check}>
      <input type="checkbox" value={grant} checked={value.includes(grant)} onChange={(event) => toggle(grant, event.target.checked)} />
      {text}
    </label>
  );
  return (
    <fieldset className={styles.grants} data-testid="grants-editor">
      <legend>
        {label} <span className={styles.hint}>(none ticked: every account)</span>
      </legend>
      {fa.groups.length > 0 && (
        <div className={styles.grantGroup} aria-label="FA groups" role="group">
          {fa.groups.map((group) => box(groupScope(group.name), `Group ${group.name} (${group.accounts.length})`))}
        </div>
      )}
      <div className={styles.grantGroup} aria-label="Accounts" role="group">
        {accountIds.map((id) => box(accountScope(id), accountLabel(id, fa.aliases)))}
        {unknown.map((grant) => box(grant, `${scopeLabel(parseScope(grant), fa.aliases)} (not in the stream)`))}
      </div>
    </fieldset>
  );
}
