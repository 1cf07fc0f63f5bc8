"use client";

import { useEffect, useId, useMemo, useRef, useState } from "react";
import { CANCEL_OUTCOME_LABELS, confirmationPhrase, type CancelProgress, type CancelResult } from "@/lib/orders";
import { accountLabel, parseScope, scopeLabel, type ScopeId } from "@/lib/scope";
import { useFaConfig, useLinkStatus, useOrders, useView } from "@/components/stream/hooks";
import { useStreamCommands } from "@/components/stream/stream-commands-context";
import { useRequestOrders } from "@/components/stream/view-context";
import { ordersInScope } from "./order-filter";
import styles from "./orders.module.css";

interface CancelDialogProps {
  scope: ScopeId;
  onClose: () => void;
}

/**
 * The guarded cancel: says how many working orders it will hit and in which accounts, asks
 * for the typed phrase and a reason, sends the request, and shows IB's verified outcome per
 * order. The server checks everything again; this dialog only asks.
 */
export function CancelDialog({ scope, onClose }: CancelDialogProps) {
  useRequestOrders();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const orders = useOrders();
  const view = useView();
  const fa = useFaConfig();
  const link = useLinkStatus();
  const commands = useStreamCommands();
  const [phrase, setPhrase] = useState("");
  const [reason, setReason] = useState("");
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<CancelProgress | null>(null);
  const [result, setResult] = useState<CancelResult | null>(null);
  const phraseId = useId();
  const reasonId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const loaded = view?.orders === true;
  const targets = useMemo(() => ordersInScope(orders.values(), scope, fa.groups), [orders, scope, fa.groups]);
  const accountCount = useMemo(() => new Set(targets.flatMap((order) => (order.account ? [order.account] : []))).size, [targets]);
  const groupAllocations = targets.length - targets.filter((order) => order.account).length;
  const byAccount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const order of targets) {
      const label = order.account ? accountLabel(order.account, fa.aliases) : `Group ${order.faGroup ?? ""}`;
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => a.localeCompare(b));
  }, [targets, fa.aliases]);

  const expected = confirmationPhrase(scope);
  const global = parseScope(scope).kind === "all";
  const canSend = !running && result === null && phrase === expected && reason.trim().length >= 3;
  const linkDown = link !== null && (link.state !== "ready" || link.ibServersLost);

  async function send() {
    setRunning(true);
    setResult(await commands.cancelOrders({ scope, confirmation: phrase, reason: reason.trim() }, setProgress));
    setRunning(false);
  }

  return (
    // Escape closes it too (the dialog's cancel event), unless a cancel is running.
    <dialog
      ref={dialogRef}
      className={styles.dialog}
      aria-labelledby="cancel-dialog-title"
      data-testid="cancel-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!running) onClose();
      }}
    >
      <h2 id="cancel-dialog-title" className={styles.dialogTitle}>
        {global ? "Cancel all orders" : `Cancel every order of ${scopeLabel(parseScope(scope), fa.aliases)}`}
      </h2>
      {global && (
        <p className={styles.note}>
          IB&apos;s global cancel: every open order of the login, in every sub-account and from every client id, orders typed in TWS
          included, also those RiskDesk does not show.
        </p>
      )}
      <p data-testid="cancel-target-count" className={styles.targets}>
        {loaded
          ? `${targets.length} working order${targets.length === 1 ? "" : "s"} in ${accountCount} account${accountCount === 1 ? "" : "s"}` +
            (groupAllocations ? `, ${groupAllocations} of them allocated to FA groups` : "")
          : "Loading the working orders\u2026"}
      </p>
      {byAccount.length > 0 && (
        <ul className={styles.accountList} data-testid="cancel-target-accounts">
          {byAccount.map(([label, count]) => (
            <li key={label}>
              {label}: {count}
            </li>
          ))}
        </ul>
      )}
      {linkDown && (
        <p role="alert" className={styles.error}>
          The link to IB is down: call IB&apos;s trade desk to cancel orders.
        </p>
      )}
      {result === null && (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            if (canSend) void send();
          }}
        >
          <label htmlFor={phraseId}>
            Type <strong className={styles.phrase}>{expected}</strong> to confirm
          </label>
          <input id={phraseId} data-testid="cancel-phrase" autoComplete="off" value={phrase} onChange={(event) => setPhrase(event.target.value)} disabled={running} />
          <label htmlFor={reasonId}>Reason (goes to the audit log)</label>
          <textarea id={reasonId} data-testid="cancel-reason" rows={2} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} disabled={running} />
          <div className={styles.actions}>
            <button type="button" className={styles.secondary} onClick={onClose} disabled={running}>
              Keep the orders
            </button>
            <button type="submit" className={styles.danger} data-testid="cancel-send" disabled={!canSend}>
              {running ? "Cancelling\u2026" : global ? "Cancel all orders" : "Cancel these orders"}
            </button>
          </div>
        </form>
      )}
      {running && progress && (
        <p role="status" className={styles.note}>
          {progress.message}
        </p>
      )}
      {result && <CancelOutcome result={result} aliases={fa.aliases} />}
      {result && (
        <div className={styles.actions}>
          <button type="button" className={styles.secondary} onClick={onClose} data-testid="cancel-close">
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}

function CancelOutcome({ result, aliases }: { result: CancelResult; aliases: Readonly<Record<string, string>> }) {
  if (!result.ok) {
    return (
      <p role="alert" className={styles.error} data-testid="cancel-error">
        {result.error}
      </p>
    );
  }
  return (
    <div data-testid="cancel-result" data-verified={result.verified}>
      <p role="status" className={result.verified ? styles.ok : styles.error}>
        {result.verified ? "\u2714 " : "\u26a0 "}
        {result.summary}
      </p>
      {result.orders.length > 0 && (
        <table className={styles.outcomes}>
          <thead>
            <tr>
              <th>Account</th>
              <th>Order</th>
              <th>Client</th>
              <th>Outcome</th>
              <th>IB said</th>
            </tr>
          </thead>
          <tbody>
            {result.orders.map((order) => (
              <tr key={order.key} data-testid="cancel-outcome" data-outcome={order.outcome}>
                <td>{accountLabel(order.account, aliases)}</td>
                <td>
                  {order.side} {order.quantity} {order.symbol}
                </td>
                <td>{order.clientId}</td>
                <td>{CANCEL_OUTCOME_LABELS[order.outcome]}</td>
                <td>{order.ibAnswer ?? order.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
