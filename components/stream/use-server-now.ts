"use client";

import { useNow } from "@/components/clock/use-now";
import { useStreamSync } from "./hooks";

/** Now on the server's clock, for ages of server timestamps (changedAt, lastMessageAt). */
export function useServerNow(): number {
  return useNow() + useStreamSync().serverClockOffset;
}
