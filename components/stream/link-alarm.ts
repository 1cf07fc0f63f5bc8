import type { FarmKind, StreamLink } from "@/lib/stream";

/** Why the link or the data cannot be trusted, for the banner every desk page shows. */
export interface LinkAlarm {
  kind: "clientIdInUse" | "down" | "ibServersLost" | "silent" | "farmBroken";
  title: string;
  detail: string;
  /** Epoch ms (server clock) since when: the banner shows the age. */
  since: number;
  /** A disconnect inside the configured daily-restart window: still not live, but expected. */
  expected: boolean;
}

export const FARM_KIND_LABELS: Record<FarmKind, string> = {
  market: "market data",
  hmds: "historical data",
  secdef: "contract definitions",
};

const NOT_LIVE = "Figures on screen are not live.";

/**
 * The one reason, most severe first, that the banner raises; null while the link is
 * trustworthy. Only conditions of the link and the data count: a queue still being sent
 * or a lost browser connection are shown elsewhere (the pill, the socket banner).
 */
export function linkAlarm(link: StreamLink | null): LinkAlarm | null {
  if (!link) return null;
  const { clientIdInUse, restart } = link;
  if (clientIdInUse) {
    const retry = clientIdInUse.attempts > 1 ? ` (refused ${clientIdInUse.attempts} times)` : "";
    return {
      kind: "clientIdInUse",
      title: `IB refuses client id ${link.clientId}: already in use`,
      detail: `Another session holds this client id (IB error 326). RiskDesk keeps retrying with the same id${retry}; close the other session or wait for IB to release it. ${NOT_LIVE}`,
      since: clientIdInUse.since,
      expected: false,
    };
  }
  if (link.state !== "ready") {
    const expected = restart.expectedDisconnect;
    const attempt = link.reconnectAttempt > 0 ? ` (attempt ${link.reconnectAttempt})` : "";
    const why = expected ? `Expected: the gateway's daily restart window (${restart.window}). ` : "";
    return {
      kind: "down",
      title: expected ? "IB link down for the daily restart" : "IB link down",
      detail: `${why}Reconnecting to ${link.host}:${link.port}${attempt}. ${NOT_LIVE}`,
      since: link.downSince ?? link.stateSince,
      expected,
    };
  }
  if (link.ibServersLost) {
    return {
      kind: "ibServersLost",
      title: "IB has lost its connection to IB's servers (1100)",
      detail: `The gateway is up but cut off from IB; prices, P&L and margin are not updating. ${NOT_LIVE}`,
      since: link.ibServersLostSince ?? link.stateSince,
      expected: false,
    };
  }
  if (link.silent) {
    return {
      kind: "silent",
      title: "No message from IB",
      detail: `The link is open but the gateway has gone quiet longer than expected. ${NOT_LIVE}`,
      since: link.lastMessageAt ?? link.stateSince,
      expected: false,
    };
  }
  const broken = link.farms.filter((farm) => farm.state === "broken");
  if (broken.length > 0) {
    const names = broken.map((farm) => `${farm.name} (${FARM_KIND_LABELS[farm.kind]})`).join(", ");
    return {
      kind: "farmBroken",
      title: `IB data farm${broken.length > 1 ? "s" : ""} broken: ${names}`,
      detail: "The link is up, but what these farms serve is not updating until IB restores them.",
      since: Math.min(...broken.map((farm) => farm.since)),
      expected: false,
    };
  }
  return null;
}
