"use client";

import { useState, type FormEvent } from "react";
import { useStreamCommands } from "@/components/stream/stream-commands-context";
import styles from "./alerts.module.css";

const NOTE_LIMIT = 500;

/** Acknowledges one alert, with an optional note: a button that opens a small form. */
export function AcknowledgeForm({ alertId }: { alertId: string }) {
  const actions = useStreamCommands();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!open) {
    return (
      <button type="button" className={styles.button} onClick={() => setOpen(true)}>
        Acknowledge
      </button>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    const trimmed = note.trim();
    const answer = await actions.acknowledgeAlert({ id: alertId, ...(trimmed ? { note: trimmed } : {}) });
    setSending(false);
    if (answer.ok) setOpen(false);
    else setError(answer.error);
  }

  return (
    <form className={styles.ackForm} onSubmit={(event) => void submit(event)}>
      <label className={styles.noteLabel}>
        <span className="visually-hidden">Note (optional)</span>
        <input
          type="text"
          value={note}
          maxLength={NOTE_LIMIT}
          placeholder="Note (optional)"
          onChange={(event) => setNote(event.target.value)}
          className={styles.noteInput}
          autoFocus
        />
      </label>
      <button type="submit" className={styles.button} disabled={sending}>
        Confirm acknowledge
      </button>
      <button type="button" className={styles.button} onClick={() => setOpen(false)} disabled={sending}>
        Cancel
      </button>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
    </form>
  );
}
