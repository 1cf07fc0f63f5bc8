"use client";

import { useState } from "react";

/** How many times `value` has changed since mount (adjusting state while rendering, as React recommends). */
export function useChangeCount(value: unknown): number {
  const [seen, setSeen] = useState(value);
  const [changes, setChanges] = useState(0);
  if (!Object.is(value, seen)) {
    setSeen(value);
    setChanges(changes + 1);
  }
  return changes;
}
