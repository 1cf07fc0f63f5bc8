"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ALERT_SCOPE_KINDS, type AlertRuleSet, type AlertRuleSettings, type AlertScopeKind } from "@/lib/alerts";
import { useSession } from "@/components/auth/use-session";
import headings from "@/components/layout/headings.module.css";
import { fetchAlertRules, saveAlertRules } from "./alerts-api";
import { ALERT_RULE_LABELS } from "./alert-words";
import styles from "./alerts.module.css";

const RULES_QUERY_KEY = ["alert-rules"] as const;

/** The alert rules in force: read by everyone, edited and saved by an admin (the server checks the role again). */
export function AlertRules() {
  const session = useSession().data;
  const csrfToken = session?.csrfToken ?? null;
  const rules = useQuery({ queryKey: RULES_QUERY_KEY, queryFn: ({ signal }) => fetchAlertRules(signal), refetchOnWindowFocus: false });
  const editable = session?.user?.role === "admin";
  return (
    <section className={headings.section} aria-labelledby="alert-rules-heading">
      <h2 id="alert-rules-heading" className={headings.sectionHeading}>
        Rules
        <span className={headings.note}>{editable ? "you may edit them" : "read only: an admin edits them"}</span>
      </h2>
      {rules.error ? (
        <p role="alert" className={styles.error}>
          {rules.error.message}
        </p>
      ) : !rules.data ? (
        <p className={styles.quiet}>{"Loading\u2026"}</p>
      ) : (
        <RulesForm rules={rules.data} editable={editable} csrfToken={csrfToken} />
      )}
    </section>
  );
}

/** The form starts from the rules as loaded and keeps its own draft (and its status) until the next save. */
function RulesForm({ rules, editable, csrfToken }: { rules: AlertRuleSet; editable: boolean; csrfToken: string | null }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<AlertRuleSet>(rules);
  const [status, setStatus] = useState<{ error: string } | { saved: true } | null>(null);
  const [saving, setSaving] = useState(false);
  const change = (index: number, patch: Partial<AlertRuleSettings>) => {
    setDraft((current) => current.map((settings, i) => (i === index ? { ...settings, ...patch } : settings)));
    setStatus(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!csrfToken) return;
    setSaving(true);
    try {
      const saved = await saveAlertRules(csrfToken, draft);
      queryClient.setQueryData(RULES_QUERY_KEY, saved);
      setDraft(saved);
      setStatus({ saved: true });
    } catch (error) {
      setStatus({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} data-testid="alert-rules">
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Rule</th>
            <th>On</th>
            <th>Warning</th>
            <th>Critical</th>
            <th>Hysteresis</th>
            <th>Hold (s)</th>
            <th>Scopes</th>
          </tr>
        </thead>
        <tbody>
          {draft.map((settings, index) => (
            <tr key={settings.rule}>
              <td>{ALERT_RULE_LABELS[settings.rule]}</td>
              <td>
                <input type="checkbox" aria-label={`${settings.rule} enabled`} checked={settings.enabled} disabled={!editable} onChange={(event) => change(index, { enabled: event.target.checked })} />
              </td>
              <td data-numeric>
                <NullableNumber label={`${settings.rule} warning`} value={settings.warning} editable={editable} onChange={(warning) => change(index, { warning })} />
              </td>
              <td data-numeric>
                <NullableNumber label={`${settings.rule} critical`} value={settings.critical} editable={editable} onChange={(critical) => change(index, { critical })} />
              </td>
              <td data-numeric>
                <NullableNumber label={`${settings.rule} hysteresis`} value={settings.hysteresis} editable={editable} onChange={(hysteresis) => change(index, { hysteresis: hysteresis ?? 0 })} />
              </td>
              <td data-numeric>
                <NullableNumber label={`${settings.rule} hold seconds`} value={settings.holdSeconds} editable={editable} onChange={(holdSeconds) => change(index, { holdSeconds: holdSeconds ?? 0 })} />
              </td>
              <td>
                {ALERT_SCOPE_KINDS.map((kind) => (
                  <label key={kind} className={styles.quiet}>
                    <input
                      type="checkbox"
                      checked={settings.scopes.includes(kind)}
                      disabled={!editable}
                      onChange={(event) => change(index, { scopes: toggled(settings.scopes, kind, event.target.checked) })}
                    />{" "}
                    {kind}{" "}
                  </label>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <p className={styles.settings}>
          <button type="submit" className={styles.button} disabled={saving}>
            Save rules
          </button>
          {status && "error" in status && (
            <span role="alert" className={styles.error}>
              {status.error}
            </span>
          )}
          {status && "saved" in status && <span role="status">Saved.</span>}
        </p>
      )}
    </form>
  );
}

/** A number, or empty for "off" (null); read-only as text. */
function NullableNumber({ label, value, editable, onChange }: { label: string; value: number | null; editable: boolean; onChange: (value: number | null) => void }) {
  if (!editable) return <>{value === null ? "off" : String(value)}</>;
  return (
    <input
      type="number"
      step="any"
      aria-label={label}
      className={styles.numberInput}
      defaultValue={value ?? ""}
      placeholder="off"
      onChange={(event) => {
        const text = event.target.value.trim();
        const number = Number(text);
        onChange(text === "" || !Number.isFinite(number) ? null : number);
      }}
    />
  );
}

function toggled(scopes: readonly AlertScopeKind[], kind: AlertScopeKind, on: boolean): AlertScopeKind[] {
  return ALERT_SCOPE_KINDS.filter((candidate) => (candidate === kind ? on : scopes.includes(candidate)));
}
