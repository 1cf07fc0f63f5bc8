"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useLinkStatus, useSocketState, useStreamSync } from "./hooks";
import { assessLinkHealth, type LinkHealth } from "./link-health";

const LinkHealthContext = createContext<LinkHealth>({ state: "down", reason: "Waiting for the RiskDesk server" });

/**
 * Assesses link health once for the whole page and hands the verdict down through context:
 * consumers (every figure) re-render only when it changes.
 */
export function LinkHealthProvider({ children }: { children: ReactNode }) {
  const link = useLinkStatus();
  const socket = useSocketState().status;
  const { synced } = useStreamSync();
  const { state, reason } = assessLinkHealth({ link, socket, synced });
  const health = useMemo(() => ({ state, reason }), [state, reason]);
  return <LinkHealthContext value={health}>{children}</LinkHealthContext>;
}

export function useLinkHealth(): LinkHealth {
  return useContext(LinkHealthContext);
}
