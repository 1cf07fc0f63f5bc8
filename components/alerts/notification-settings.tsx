"use client";

import { useSyncExternalStore } from "react";
import { setMuted, useMuted } from "./alert-sound-setting";
import styles from "./alerts.module.css";

type Permission = NotificationPermission | "unsupported";

const currentPermission = (): Permission => (typeof Notification === "undefined" ? "unsupported" : Notification.permission);
const permissionListeners = new Set<() => void>();
const subscribePermission = (listener: () => void) => {
  permissionListeners.add(listener);
  return () => permissionListeners.delete(listener);
};

/** Asks for the permission: only from a click, as browsers require. */
async function requestPermission(): Promise<void> {
  await Notification.requestPermission();
  for (const listener of permissionListeners) listener();
}

/** The mute toggle for critical alerts, and the button that asks for the browser's notification permission. */
export function NotificationSettings() {
  const muted = useMuted();
  const permission = useSyncExternalStore(subscribePermission, currentPermission, () => "unsupported" as Permission);
  return (
    <div className={styles.settings}>
      {permission === "default" && (
        <button type="button" className={styles.button} onClick={() => void requestPermission()}>
          Enable notifications
        </button>
      )}
      {permission === "denied" && <span className={styles.quiet}>Notifications blocked by the browser</span>}
      <button type="button" className={styles.button} aria-pressed={muted} onClick={() => setMuted(!muted)} data-testid="alert-mute">
        {muted ? "\u{1F507} Critical alerts muted" : "\u{1F514} Mute critical alerts"}
      </button>
    </div>
  );
}
