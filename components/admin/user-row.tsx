"use client";

import { useState, type FormEvent } from "react";
import type { AdminUser, UserChange } from "@/lib/admin";
import { ROLE_LABELS, ROLES, roleSchema } from "@/lib/auth";
import { parseScope, scopeLabel } from "@/lib/scope";
import { useFaConfig } from "@/components/stream/hooks";
import { GrantsEditor } from "./grants-editor";
import controls from "@/components/controls/labelled-control.module.css";
import styles from "./admin.module.css";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

export interface UserActions {
  change(name: string, change: UserChange): Promise<string | null>;
  remove(name: string): Promise<string | null>;
}

/** One user: its role, grants, status, a new password and removal, each sent on its own; a refusal is shown on the row. */
export function UserRow({ user, actions }: { user: AdminUser; actions: UserActions }) {
  const { aliases } = useFaConfig();
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<"grants" | "password" | "remove" | null>(null);
  const [grants, setGrants] = useState<string[]>([...user.grants]);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    const refusal = await action();
    setBusy(false);
    setError(refusal);
    if (!refusal) setEditing(null);
  }
  const change = (body: UserChange) => run(() => actions.change(user.name, body));
  const setPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void change({ password: String(new FormData(event.currentTarget).get("password")) });
  };

  return (
    <tr data-testid="user-row" data-user={user.name} aria-busy={busy}>
      <th scope="row">{user.name}</th>
      <td>
        <select
          className={controls.input}
          aria-label={`Role of ${user.name}`}
          value={user.role}
          disabled={busy}
          onChange={(event) => void change({ role: roleSchema.parse(event.target.value) })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </td>
      <td className={styles.wrap}>
        {editing === "grants" ? (
          <div className={styles.inline}>
            <GrantsEditor value={grants} onChange={setGrants} label={`Grants of ${user.name}`} />
            <button type="button" className={styles.button} disabled={busy} onClick={() => void change({ grants })}>
              Save grants
            </button>
            <button type="button" className={styles.button} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        ) : (
          <>
            <span data-testid="user-grants">{user.grants.length ? user.grants.map((grant) => scopeLabel(parseScope(grant), aliases)).join(", ") : "Every account"}</span>{" "}
            <button
              type="button"
              className={styles.link}
              onClick={() => {
                setGrants([...user.grants]);
                setEditing("grants");
              }}
            >
              Edit grants
            </button>
          </>
        )}
      </td>
      <td>
        {user.disabled ? "Disabled" : "Active"}{" "}
        <button type="button" className={styles.link} disabled={busy} onClick={() => void change({ disabled: !user.disabled })}>
          {user.disabled ? "Enable" : "Disable"}
        </button>
      </td>
      <td>{when(user.createdAt)}</td>
      <td>{when(user.lastLoginAt)}</td>
      <td className={styles.wrap}>
        {editing === "password" ? (
          <form className={styles.inline} onSubmit={setPassword}>
            <input className={controls.input} name="password" type="password" aria-label={`New password for ${user.name}`} required minLength={10} maxLength={1024} autoComplete="new-password" />
            <button type="submit" className={styles.button} disabled={busy}>
              Set password
            </button>
            <button type="button" className={styles.button} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        ) : editing === "remove" ? (
          <span className={styles.inline}>
            Remove {user.name}?
            <button type="button" className={styles.danger} disabled={busy} onClick={() => void run(() => actions.remove(user.name))}>
              Yes, remove
            </button>
            <button type="button" className={styles.button} onClick={() => setEditing(null)}>
              Cancel
            </button>
          </span>
        ) : (
          <span className={styles.inline}>
            <button type="button" className={styles.button} onClick={() => setEditing("password")}>
              Reset password
            </button>
            <button type="button" className={styles.button} onClick={() => setEditing("remove")}>
              Remove
            </button>
          </span>
        )}
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
