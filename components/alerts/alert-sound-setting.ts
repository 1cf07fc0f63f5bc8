"use client";

import { useSyncExternalStore } from "react";

/** Whether critical alerts are silent (no sound, no browser notification) in this browser, kept across reloads. */
const MUTE_KEY = "riskdesk.alerts.muted";
const listeners = new Set<() => void>();

function readMuted(): boolean {
  try {
    return window.localStorage.getItem(MUTE_KEY) === "true";
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean): void {
  try {
    window.localStorage.setItem(MUTE_KEY, String(muted));
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => event.key === MUTE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useMuted(): boolean {
  return useSyncExternalStore(subscribe, readMuted, () => false);
}

export const isMuted = readMuted;
