"use client";

import { useState, type FormEvent } from "react";
import { ROLE_LABELS, ROLES, roleSchema, type Role } from "@/lib/auth";
import { GrantsEditor } from "./grants-editor";
import controls from "@/components/controls/labelled-control.module.css";
import styles from "./admin.module.css";

/** A new user: name, role, first password and grants; `submit` answers the server's refusal, or null. */
export function AddUserForm({ submit }: { submit: (user: { name: string; role: Role; password: string; grants: string[] }) => Promise<string | null> }) {
  const [grants, setGrants] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    setBusy(true);
    const refusal = await submit({
      name: String(fields.get("name")),
      role: roleSchema.parse(fields.get("role")),
      password: String(fields.get("password")),
      grants,
    });
    setBusy(false);
    setError(refusal);
    if (refusal) return;
    form.reset();
    setGrants([]);
  }

  return (
    <form className={styles.addForm} onSubmit={onSubmit} aria-labelledby="add-user-heading" data-testid="add-user-form">
      <h2 id="add-user-heading" className={styles.formTitle}>
        Add a user
      </h2>
      <div className={styles.fields}>
        <label className={controls.stacked}>
          Name
          <input name="name" required maxLength={64} autoComplete="off" />
        </label>
        <label className={controls.stacked}>
          Role
          <select name="role" defaultValue="viewer">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <label className={controls.stacked}>
          Password
          <input name="password" type="password" required minLength={10} maxLength={1024} autoComplete="new-password" />
        </label>
      </div>
      <GrantsEditor value={grants} onChange={setGrants} label="Grants" />
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      <button type="submit" className={styles.button} disabled={busy}>
        Add user
      </button>
    </form>
  );
}
