import type { StoreStatus } from "@/lib/stream";
import { formatClockTime, formatQuantity } from "@/lib/format";

/** The store's writes in words: what waits, since when, and that the figures on screen do not. */
export function describeStoreStatus(status: StoreStatus): string {
  const { state, queued, queuedAlerts, droppedSamples, since, lastError } = status;
  const dropped = droppedSamples > 0 ? `; ${formatQuantity(droppedSamples)} history samples dropped since start` : "";
  if (state === "ok") return `Store ok${dropped}.`;
  const waiting = `${formatQuantity(queued)} writes queued (${formatQuantity(queuedAlerts)} alert changes, never dropped)${dropped}`;
  const heading = state === "unreachable" ? `Store unreachable since ${formatClockTime(since)}${lastError ? ` (${lastError})` : ""}` : `Store backlogged since ${formatClockTime(since)}`;
  const audited = state === "unreachable" ? " Logins, cancels and other audited actions are refused until it is back." : "";
  return `${heading}: ${waiting}. Figures stay live; history and alerts are written when the database keeps up again.${audited}`;
}
