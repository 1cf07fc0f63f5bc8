"use client";

import type { LinkStatus } from "@/lib/stream";
import { formatAge, formatClockTime, PLACEHOLDER } from "@/lib/format";
import { useLinkStatus } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { useServerNow } from "@/components/stream/use-server-now";
import { StoreStatus } from "./store-status";
import styles from "./link-status-panel.module.css";

/** The IB link in detail, and in words why the figures are not live when they are not. */
export function LinkStatusPanel() {
  const link = useLinkStatus();
  const { state, reason } = useLinkHealth();
  const serverNow = useServerNow();
  return (
    <section className={styles.panel} data-state={state} aria-labelledby="link-heading">
      <h2 id="link-heading" className="visually-hidden">
        IB link status
      </h2>
      <p className={styles.verdict} role="status">
        {reason ? `Figures are not live: ${reason}.` : "Figures are live."}
      </p>
      {link && <LinkDetails link={link} serverNow={serverNow} />}
      <StoreStatus />
    </section>
  );
}

function LinkDetails({ link, serverNow }: { link: LinkStatus; serverNow: number }) {
  const { lastError, lastMessageAt } = link;
  return (
    <dl className={styles.details}>
      <Detail term="Gateway" value={`${link.host}:${link.port}`} />
      <Detail term="Client id" value={String(link.clientId)} />
      <Detail term="Server version" value={link.serverVersion === null ? PLACEHOLDER : String(link.serverVersion)} />
      <Detail term="State" value={`${link.state} since ${formatClockTime(link.stateSince)}`} />
      <Detail term="Last message" value={lastMessageAt === null ? "none yet" : `${formatAge(serverNow - lastMessageAt)} ago`} />
      {link.reconnectAttempt > 0 && <Detail term="Reconnect attempt" value={String(link.reconnectAttempt)} />}
      {lastError && (
        <Detail term="Last IB error" value={`${lastError.code} ${lastError.message} (${formatClockTime(lastError.at)})`} />
      )}
      {link.warnings.map((warning) => (
        <Detail key={warning.at + warning.message} term="Warning" value={`${warning.message} (${formatClockTime(warning.at)})`} />
      ))}
    </dl>
  );
}

function Detail({ term, value }: { term: string; value: string }) {
  return (
    <div className={styles.detail}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
