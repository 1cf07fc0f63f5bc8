import type { Alert } from "@/lib/alerts";

/** One step of an alert episode, as the engine reports it in its changes, with the alert as it stands after it. */
export interface AlertChange {
  change: "raised" | "levelChanged" | "acknowledged" | "cleared";
  alert: Alert;
}
