"use client";

import { useEffect, useRef } from "react";
import { useActiveAlerts, useFaConfig, useStreamSync } from "@/components/stream/hooks";
import { isMuted } from "./alert-sound-setting";
import { playAlertSound, unlockAudioOnGesture } from "./alert-sound";
import { alertScopeLabel } from "./alert-words";
import { unannouncedCriticals } from "./critical-episodes";

/** A critical level reached longer ago than this (an old alert seen after a reload or a scope change) stays quiet. */
const FRESH_MS = 60_000;

/**
 * Sounds a chime and raises a browser notification (when the user allowed them) for each alert
 * that turns critical while the page is open, unless muted. Renders nothing; on every desk page.
 */
export function AlertNotifier() {
  const alerts = useActiveAlerts();
  const { aliases } = useFaConfig();
  const { serverClockOffset } = useStreamSync();
  const announced = useRef(new Set<string>());

  useEffect(unlockAudioOnGesture, []);

  useEffect(() => {
    const serverNow = Date.now() + serverClockOffset;
    for (const alert of unannouncedCriticals(alerts.values(), announced.current)) {
      if (serverNow - alert.levelSince > FRESH_MS || isMuted()) continue;
      playAlertSound();
      if (typeof Notification !== "undefined" && Notification.permission === "granted") {
        new Notification(`Critical: ${alertScopeLabel(alert, aliases)}`, { body: alert.message, tag: alert.id });
      }
    }
  }, [alerts, aliases, serverClockOffset]);

  return null;
}
