"use client";

import { formatAge, PLACEHOLDER } from "@/lib/format";
import { useLinkStatus } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import type { LinkHealthState } from "@/components/stream/link-health";
import { useServerNow } from "@/components/stream/use-server-now";
import styles from "./link-pill.module.css";

const LABELS: Record<LinkHealthState, string> = { live: "Live", degraded: "Degraded", down: "Down" };

/** The IB link at a glance: state (label and colour), gateway address, last-message age. */
export function LinkPill() {
  const link = useLinkStatus();
  const { state, reason } = useLinkHealth();
  const serverNow = useServerNow();
  const lastMessageAt = link?.lastMessageAt ?? null;
  const age = lastMessageAt === null ? PLACEHOLDER : formatAge(serverNow - lastMessageAt);
  return (
    <div className={styles.pill} data-testid="link-pill" data-state={state} title={reason ?? "IB link ready; figures are live"}>
      <span className={styles.dot} aria-hidden="true" />
      <span className={styles.label} aria-live="polite">
        <span className="visually-hidden">IB link </span>
        {LABELS[state]}
      </span>
      <span className={styles.endpoint}>{link ? `${link.host}:${link.port}` : PLACEHOLDER}</span>
      <span className={styles.age}>
        <span className="visually-hidden">last message </span>
        {age}
      </span>
    </div>
  );
}
