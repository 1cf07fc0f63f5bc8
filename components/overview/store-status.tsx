"use client";

import type { StoreState } from "@/lib/stream";
import { useStoreStatus } from "@/components/stream/hooks";
import { describeStoreStatus } from "./describe-store-status";
import styles from "./store-status.module.css";

const ICONS: Record<StoreState, string> = { ok: "\u2713", backlogged: "\u29d7", unreachable: "\u2715" };

/** One line of the link panel: whether the store keeps up with what RiskDesk writes. */
export function StoreStatus() {
  const status = useStoreStatus();
  if (!status) return null;
  return (
    <p className={styles.store} data-testid="store-status" data-state={status.state} role="status">
      <span aria-hidden="true">{ICONS[status.state]}</span> {describeStoreStatus(status)}
    </p>
  );
}
