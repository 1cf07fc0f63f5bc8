"use client";

import { useLinkStatus, useSocketState } from "@/components/stream/hooks";
import { linkAlarm, type LinkAlarm } from "@/components/stream/link-alarm";
import { useServerNow } from "@/components/stream/use-server-now";
import { formatAge } from "@/lib/format";
import styles from "./socket-banner.module.css";

/**
 * Shown on every desk page while the IB link or its data cannot be trusted: link down,
 * client id refused (326), IB's servers lost (1100), a silent gateway, a broken data farm.
 * While this browser has lost the RiskDesk server the socket banner speaks instead.
 */
export function LinkBanner() {
  const link = useLinkStatus();
  const socket = useSocketState();
  const alarm = socket.status === "disconnected" ? null : linkAlarm(link);
  return alarm ? <Alarm alarm={alarm} /> : null;
}

function Alarm({ alarm }: { alarm: LinkAlarm }) {
  const serverNow = useServerNow();
  return (
    <div
      className={styles.banner}
      data-testid="link-banner"
      data-kind={alarm.kind}
      data-tone={alarm.expected ? "expected" : "alarm"}
      role="alert"
    >
      <strong>
        <span aria-hidden="true">⚠ </span>
        {alarm.title}
      </strong>
      <span>
        {alarm.detail} Since {formatAge(Math.max(0, serverNow - alarm.since))} ago.
      </span>
    </div>
  );
}
