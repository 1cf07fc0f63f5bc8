"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { logIn, SESSION_QUERY_KEY } from "./session-api";
import { useSession } from "./use-session";
import styles from "./login-form.module.css";

/** Where to go after logging in: a path on this site only, never another site's URL. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function LoginForm() {
  const session = useSession();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!session.data) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const refusal = await logIn(session.data.csrfToken, { name: String(form.get("name")), password: String(form.get("password")) });
    setBusy(false);
    if (refusal) return setError(refusal);
    await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    router.push(nextPath());
  }

  return (
    <main className={styles.page}>
      <form className={styles.form} onSubmit={submit} aria-labelledby="login-heading">
        <h1 id="login-heading" className={styles.title}>
          RiskDesk
        </h1>
        {session.data && !session.data.hasUsers && (
          <p className={styles.notice} role="status">
            No user exists yet. Create the first admin on the server with{" "}
            <code>npm run user -- add &lt;name&gt; --role admin</code>, then log in here.
          </p>
        )}
        <label className={styles.field}>
          User
          <input name="name" autoComplete="username" required maxLength={64} autoFocus />
        </label>
        <label className={styles.field}>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        </label>
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
        <button type="submit" className={styles.submit} disabled={busy || !session.data}>
          Log in
        </button>
      </form>
    </main>
  );
}
