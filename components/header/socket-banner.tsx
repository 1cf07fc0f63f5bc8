"use client";

import { useNow } from "@/components/clock/use-now";
import { useSocketState } from "@/components/stream/hooks";
import type { SocketState } from "@/components/stream/stream-store";
import { formatAge } from "@/lib/format";
import styles from "./socket-banner.module.css";

/** Shown only while this browser has no connection to the RiskDesk server. */
export function SocketBanner() {
  const socket = useSocketState();
  return socket.status === "disconnected" ? <LostConnection socket={socket} /> : null;
}

function LostConnection({ socket }: { socket: SocketState }) {
  const now = useNow();
  const attempt = socket.attempt > 0 ? ` (attempt ${socket.attempt})` : "";
  return (
    <div className={styles.banner} data-testid="socket-banner" role="alert">
      <strong>Server connection lost</strong>
      <span>
        Reconnecting{attempt}… figures on screen are not live. Lost {formatAge(now - socket.since)} ago.
      </span>
    </div>
  );
}
