"use client";

import { useMemo } from "react";
import type { Alert } from "@/lib/alerts";
import { formatAge, formatClockTime } from "@/lib/format";
import { useActiveAlerts, useFaConfig } from "@/components/stream/hooks";
import { useServerNow } from "@/components/stream/use-server-now";
import headings from "@/components/layout/headings.module.css";
import { AcknowledgeForm } from "./acknowledge-form";
import { ALERT_LEVEL_ICONS, ALERT_LEVEL_LABELS, alertScopeLabel, byUrgency } from "./alert-words";
import { NotificationSettings } from "./notification-settings";
import { useMayAct } from "@/components/auth/use-session";
import styles from "./alerts.module.css";

/** The active alerts of the view's scope, critical first, live from the stream; risk managers and admins acknowledge them here. */
export function AlertFeed({ title = "Alerts" }: { title?: string }) {
  const alerts = useActiveAlerts();
  const { aliases } = useFaConfig();
  const serverNow = useServerNow();
  const mayAcknowledge = useMayAct();
  const sorted = useMemo(() => [...alerts.values()].sort(byUrgency), [alerts]);
  return (
    <section className={headings.section} aria-labelledby="alert-feed-heading" data-testid="alert-feed">
      <div className={styles.bar}>
        <h2 id="alert-feed-heading" className={headings.sectionHeading}>
          {title}
          <span className={headings.note}>{sorted.length ? `${sorted.length} active` : "none active"}</span>
        </h2>
        <NotificationSettings />
      </div>
      {sorted.length === 0 ? (
        <p className={styles.quiet}>No active alert.</p>
      ) : (
        <ul className={styles.feed}>
          {sorted.map((alert) => (
            <AlertItem key={alert.id} alert={alert} scope={alertScopeLabel(alert, aliases)} serverNow={serverNow} mayAcknowledge={mayAcknowledge} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, scope, serverNow, mayAcknowledge }: { alert: Alert; scope: string; serverNow: number; mayAcknowledge: boolean }) {
  const { acknowledged } = alert;
  return (
    <li className={styles.item} data-level={alert.level} data-testid="alert" data-alert-id={alert.id} data-rule={alert.rule} data-scope={alert.scope}>
      <span className={styles.level}>
        <span aria-hidden="true">{ALERT_LEVEL_ICONS[alert.level]}</span> {ALERT_LEVEL_LABELS[alert.level]}
      </span>
      <span className={styles.scope}>{scope}</span>
      <span className={styles.message}>{alert.message}</span>
      <span className={styles.age} title={`raised ${formatClockTime(alert.raisedAt)}`}>
        {serverNow > 0 ? `${formatAge(Math.max(0, serverNow - alert.raisedAt))} ago` : formatClockTime(alert.raisedAt)}
      </span>
      <span className={styles.ack}>
        {acknowledged ? (
          <span data-testid="acknowledged-by">
            Acknowledged by {acknowledged.by} at {formatClockTime(acknowledged.at)}
            {acknowledged.note ? `: \u201c${acknowledged.note}\u201d` : ""}
          </span>
        ) : mayAcknowledge ? (
          <AcknowledgeForm alertId={alert.id} />
        ) : (
          <span className={styles.quiet}>Not acknowledged</span>
        )}
      </span>
    </li>
  );
}
