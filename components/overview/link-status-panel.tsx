"use client";

import type { DataFarm, FarmState, ReconcileReport, StreamLink } from "@/lib/stream";
import { formatAge, formatClockTime, PLACEHOLDER } from "@/lib/format";
import { describeReconcile } from "@/lib/reconcile-summary";
import { useLinkStatus } from "@/components/stream/hooks";
import { FARM_KIND_LABELS } from "@/components/stream/link-alarm";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { useServerNow } from "@/components/stream/use-server-now";
import { StoreStatus } from "./store-status";
import styles from "./link-status-panel.module.css";

const FARM_STATE_LABELS: Record<FarmState, string> = { ok: "OK", connecting: "Connecting", inactive: "Inactive (on demand)", broken: "Broken" };
const FARM_STATE_ICONS: Record<FarmState, string> = { ok: "✓", connecting: "…", inactive: "○", broken: "✕" };

/** The IB link in detail (the connectivity panel), and in words why the figures are not live when they are not. */
export function LinkStatusPanel() {
  const link = useLinkStatus();
  const { state, reason } = useLinkHealth();
  const serverNow = useServerNow();
  return (
    <section className={styles.panel} data-state={state} data-testid="link-status-panel" aria-labelledby="link-heading">
      <h2 id="link-heading" className="visually-hidden">
        IB link status
      </h2>
      <p className={styles.verdict} role="status">
        {reason ? `Figures are not live: ${reason}.` : "Figures are live."}
      </p>
      {link && <LinkDetails link={link} serverNow={serverNow} />}
      {link && <Farms farms={link.farms} serverNow={serverNow} />}
      <StoreStatus />
    </section>
  );
}

function LinkDetails({ link, serverNow }: { link: StreamLink; serverNow: number }) {
  const { lastError, lastMessageAt, restart, clientIdInUse, lastReconcile } = link;
  return (
    <dl className={styles.details}>
      <Detail term="Gateway" value={`${link.host}:${link.port}`} />
      <Detail term="Client id" value={String(link.clientId)} />
      <Detail term="Server version" value={link.serverVersion === null ? PLACEHOLDER : String(link.serverVersion)} />
      <Detail term="State" value={`${link.state} since ${formatClockTime(link.stateSince)}`} />
      {link.state !== "ready" && link.downSince !== null && (
        <Detail term="Down for" value={formatAge(Math.max(0, serverNow - link.downSince))} />
      )}
      <Detail term="Last message" value={lastMessageAt === null ? "none yet" : `${formatAge(serverNow - lastMessageAt)} ago`} />
      <Detail term="Requests queued" value={String(link.pendingRequests)} />
      {link.ibServersLostSince !== null && (
        <Detail term="IB servers" value={`lost (1100) since ${formatClockTime(link.ibServersLostSince)}`} tone="critical" />
      )}
      {clientIdInUse && (
        <Detail
          term="Client id in use"
          value={`IB refused id ${link.clientId} (326) ${clientIdInUse.attempts}× since ${formatClockTime(clientIdInUse.since)}; ${
            clientIdInUse.nextRetryAt === null ? "retrying now" : `next try with the same id at ${formatClockTime(clientIdInUse.nextRetryAt)}`
          }`}
          tone="critical"
          testId="client-id-in-use"
        />
      )}
      {link.reconnectAttempt > 0 && <Detail term="Reconnect attempt" value={String(link.reconnectAttempt)} />}
      {restart.window && (
        <Detail
          term="Daily restart"
          value={`${restart.window}${restart.expectedDisconnect ? ": this disconnect is expected" : restart.inWindow ? ": in the window now" : ""}`}
          testId="restart-window"
        />
      )}
      {lastError && (
        <Detail term="Last IB error" value={`${lastError.code} ${lastError.message} (${formatClockTime(lastError.at)})`} />
      )}
      {lastReconcile && <Detail term="Last reconcile" value={reconcileLine(lastReconcile)} testId="last-reconcile" />}
      {link.warnings.map((warning) => (
        <Detail key={warning.at + warning.message} term="Warning" value={`${warning.message} (${formatClockTime(warning.at)})`} />
      ))}
    </dl>
  );
}

function reconcileLine(report: ReconcileReport): string {
  const { added, removed, changed } = report.positions;
  const named = [...changed.listed, ...added.listed, ...removed.listed]
    .slice(0, 3)
    .map((position) => `${position.account} ${position.symbol} ${position.before}→${position.after}`);
  const after = report.after === "restored" ? "after 1101" : "after reconnect";
  return `${formatClockTime(report.at)} ${after}: ${describeReconcile(report)}${named.length ? ` (${named.join("; ")})` : ""}`;
}

function Farms({ farms, serverNow }: { farms: readonly DataFarm[]; serverNow: number }) {
  if (farms.length === 0) return <p className={styles.farmsEmpty}>Data farms: none reported yet</p>;
  return (
    <ul className={styles.farms} aria-label="IB data farms">
      {farms.map((farm) => (
        <li key={farm.name} className={styles.farm} data-testid="data-farm" data-farm={farm.name} data-state={farm.state}>
          <span aria-hidden="true">{FARM_STATE_ICONS[farm.state]}</span> <strong>{farm.name}</strong>{" "}
          <span className={styles.muted}>{FARM_KIND_LABELS[farm.kind]}</span> {FARM_STATE_LABELS[farm.state]}{" "}
          <span className={styles.muted}>for {formatAge(Math.max(0, serverNow - farm.since))}</span>
        </li>
      ))}
    </ul>
  );
}

function Detail({ term, value, tone, testId }: { term: string; value: string; tone?: "critical"; testId?: string }) {
  return (
    <div className={styles.detail} data-tone={tone} data-testid={testId}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
