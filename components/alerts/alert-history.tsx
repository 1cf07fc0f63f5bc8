"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ALERT_RULES, type AlertLevel, type AlertRule } from "@/lib/alerts";
import { formatDayAndTime } from "@/lib/format";
import { ALL_SCOPE } from "@/lib/scope";
import { useFaConfig } from "@/components/stream/hooks";
import { useScope } from "@/components/scope/use-scope";
import headings from "@/components/layout/headings.module.css";
import { fetchAlertHistory } from "./alerts-api";
import { ALERT_LEVEL_ICONS, ALERT_LEVEL_LABELS, ALERT_RULE_LABELS, alertScopeLabel } from "./alert-words";
import controls from "@/components/controls/labelled-control.module.css";
import styles from "./alerts.module.css";

const RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
type Range = keyof typeof RANGES;
const LEVEL_CHOICES = ["", "warning", "critical"] as const;

/** Stored alert episodes of the selected scope, newest first, filtered by time, rule and level. */
export function AlertHistory() {
  const scope = useScope();
  const { aliases } = useFaConfig();
  const [range, setRange] = useState<Range>("24h");
  const [rule, setRule] = useState<AlertRule | "">("");
  const [level, setLevel] = useState<AlertLevel | "">("");
  const history = useQuery({
    queryKey: ["alert-history", scope, range, rule, level],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ from: String(Date.now() - RANGES[range]) });
      if (scope !== ALL_SCOPE) params.set("scope", scope);
      if (rule) params.set("rule", rule);
      if (level) params.set("level", level);
      return fetchAlertHistory(params, signal);
    },
    refetchInterval: 10_000,
    refetchOnWindowFocus: false,
  });

  return (
    <section className={headings.section} aria-labelledby="alert-history-heading">
      <h2 id="alert-history-heading" className={headings.sectionHeading}>
        History
      </h2>
      <div className={controls.filters}>
        <label className={controls.stacked}>
          Raised within
          <select value={range} onChange={(event) => setRange(event.target.value as Range)}>
            {Object.keys(RANGES).map((key) => (
              <option key={key} value={key}>
                the last {key}
              </option>
            ))}
          </select>
        </label>
        <label className={controls.stacked}>
          Rule
          <select value={rule} onChange={(event) => setRule(event.target.value as AlertRule | "")}>
            <option value="">any</option>
            {ALERT_RULES.map((name) => (
              <option key={name} value={name}>
                {ALERT_RULE_LABELS[name]}
              </option>
            ))}
          </select>
        </label>
        <label className={controls.stacked}>
          Level
          <select value={level} onChange={(event) => setLevel(event.target.value as AlertLevel | "")}>
            {LEVEL_CHOICES.map((name) => (
              <option key={name} value={name}>
                {name ? ALERT_LEVEL_LABELS[name] : "any"}
              </option>
            ))}
          </select>
        </label>
      </div>
      {history.error ? (
        <p role="alert" className={styles.error}>
          {history.error.message}
        </p>
      ) : !history.data ? (
        <p className={styles.quiet}>{"Loading\u2026"}</p>
      ) : history.data.alerts.length === 0 ? (
        <p className={styles.quiet}>No alert in this range.</p>
      ) : (
        <table className={styles.table} data-testid="alert-history">
          <thead>
            <tr>
              <th>Raised</th>
              <th>Level</th>
              <th>Rule</th>
              <th>Scope</th>
              <th>Message</th>
              <th>Acknowledged</th>
              <th>Cleared</th>
            </tr>
          </thead>
          <tbody>
            {history.data.alerts.map((alert) => (
              <tr key={alert.id} data-alert-id={alert.id}>
                <td>{formatDayAndTime(alert.raisedAt)}</td>
                <td>
                  <span aria-hidden="true">{ALERT_LEVEL_ICONS[alert.level]}</span> {ALERT_LEVEL_LABELS[alert.level]}
                </td>
                <td>{ALERT_RULE_LABELS[alert.rule]}</td>
                <td>{alertScopeLabel(alert, aliases)}</td>
                <td>{alert.message}</td>
                <td>
                  {alert.acknowledged
                    ? `${alert.acknowledged.by}, ${formatDayAndTime(alert.acknowledged.at)}${alert.acknowledged.note ? `: \u201c${alert.acknowledged.note}\u201d` : ""}`
                    : "\u2014"}
                </td>
                <td>{alert.clearedAt === null ? "active" : formatDayAndTime(alert.clearedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history.data?.truncated && <p className={styles.quiet}>Only the newest are shown: narrow the range to see older ones.</p>}
    </section>
  );
}
