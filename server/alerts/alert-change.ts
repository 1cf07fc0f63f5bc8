import type { Alert } from "@/lib/alerts";

/** What happened to an alert episode: the engine's transitions, as the desk (stream, store, webhook) receives them. */
export type AlertTransition = "raised" | "level" | "acknowledged" | "cleared";

export interface AlertChange {
  transition: AlertTransition;
  /** The alert as it is after the transition; a cleared one carries its clearedAt. */
  alert: Alert;
}
