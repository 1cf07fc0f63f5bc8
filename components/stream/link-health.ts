import type { StreamLink } from "@/lib/stream";
import type { SocketState } from "./stream-store";

export type LinkHealthState = "live" | "degraded" | "down";

export interface LinkHealth {
  state: LinkHealthState;
  /** Why the figures on screen are not live; null when they are. */
  reason: string | null;
}

export interface LinkHealthInput {
  link: StreamLink | null;
  socket: SocketState["status"];
  synced: boolean;
}

/**
 * Whether what the screen shows is live, as one verdict for the link pill and every
 * figure: live only when the IB link is ready and talking and this browser follows the
 * stream; down when the IB link is not ready (or nothing is known yet); degraded otherwise.
 */
export function assessLinkHealth({ link, socket, synced }: LinkHealthInput): LinkHealth {
  if (!link) {
    return { state: "down", reason: socket === "disconnected" ? "Cannot reach the RiskDesk server" : "Waiting for the RiskDesk server" };
  }
  if (link.state !== "ready") {
    const known = socket === "connected" ? "" : " (last known)";
    const why = link.clientIdInUse ? ": client id in use (326)" : link.restart.expectedDisconnect ? ": daily restart" : "";
    return { state: "down", reason: `IB link ${link.state}${why}${known}` };
  }
  if (socket !== "connected") return { state: "degraded", reason: "Connection to the RiskDesk server lost" };
  if (!synced) return { state: "degraded", reason: "Resynchronising with the server" };
  const [warning] = link.warnings;
  if (warning) return { state: "degraded", reason: warning.message };
  if (link.ibServersLost) return { state: "degraded", reason: "IB reports its connection to IB servers lost" };
  const broken = link.farms.find((farm) => farm.state === "broken");
  if (broken) return { state: "degraded", reason: `IB data farm ${broken.name} is broken` };
  if (link.pendingRequests > 0) {
    return { state: "degraded", reason: `Subscribing to IB: ${link.pendingRequests} requests still queued` };
  }
  // The engine's verdict: ready, but nothing heard from the gateway for longer than its limit.
  if (link.silent) return { state: "degraded", reason: "No message from IB for longer than expected" };
  return { state: "live", reason: null };
}
