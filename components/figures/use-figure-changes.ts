"use client";

import { useState } from "react";
import { nextChanges, NO_CHANGES, sameReading, type FigureChanges, type FigureReading } from "./figure-changes";

/** How the figure has changed since mount (adjusting state while rendering, as React recommends). */
export function useFigureChanges(reading: FigureReading): FigureChanges {
  const [seen, setSeen] = useState(reading);
  const [changes, setChanges] = useState(NO_CHANGES);
  if (!sameReading(seen, reading)) {
    setSeen(reading);
    setChanges(nextChanges(changes, seen, reading));
  }
  return changes;
}
