"use client";

import { useEffect, useState } from "react";
import type { VerdictChange } from "./figure-changes";
import styles from "./figure-value.module.css";

/** Long enough to be seen by someone who looks up every few seconds, short enough not to become the background. */
export const VERDICT_HIGHLIGHT_MS = 8_000;

/**
 * Outlines a figure whose verdict just changed and names the new one, for a few seconds;
 * remount it (a new key) to show the next change. The label is drawn from an attribute, so
 * the figure's text stays its formatted value.
 */
export function VerdictMarker({ change }: { change: VerdictChange }) {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => setShown(false), VERDICT_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return null;
  return <span className={styles.verdict} data-testid="verdict-change" data-tone={change.tone} data-label={change.label} aria-hidden="true" />;
}
