import type { FarmKind, StreamLink } from "@/lib/stream";

/** IB's last margin warning (2148) about one account, or about an account IB did not name (null). */
export interface MarginWarningFact {
  account: string | null;
  message: string;
  at: number;
}

export interface BrokenFarmFact {
  name: string;
  kind: FarmKind;
  /** Epoch ms since which IB has reported it broken. */
  since: number;
}

/**
 * What the alert rules on the link and the data read (linkDown, ibServersLost, farmBroken,
 * staleFigures, marginWarning): each condition with the time it began, so a rule can hold
 * it for N seconds before it raises. All times are epoch ms; null means "not now".
 */
export interface ConnectivityFacts {
  /** The IB link has not been ready since then, across reconnect attempts. */
  linkDownSince: number | null;
  /** The link is down inside the configured daily-restart window, having gone down inside it. */
  expectedDisconnect: boolean;
  /** IB reports its own servers lost (1100, or 2110 at connect) while the socket is up. */
  ibServersLostSince: number | null;
  /** Ready, but nothing heard from the gateway past the engine's limit: since the last message. */
  silentSince: number | null;
  /** IB refuses the client id (326) and RiskDesk keeps retrying with it. */
  clientIdInUseSince: number | null;
  /** The client id RiskDesk connects with (the one refused when clientIdInUseSince is set). */
  clientId: number;
  /** Data farms IB reports broken in the current session (a flap, not a disconnect). */
  brokenFarms: BrokenFarmFact[];
  /** The last 2148 per account, newest first. */
  marginWarnings: MarginWarningFact[];
}

/** The facts from the link as the engine last judged it and the margin warnings the book keeps. Pure. */
export function connectivityFacts(link: StreamLink, marginWarnings: Iterable<MarginWarningFact>): ConnectivityFacts {
  const ready = link.state === "ready";
  return {
    linkDownSince: ready ? null : (link.downSince ?? link.stateSince),
    expectedDisconnect: !ready && link.restart.expectedDisconnect,
    ibServersLostSince: ready ? link.ibServersLostSince : null,
    silentSince: ready && link.silent ? (link.lastMessageAt ?? link.stateSince) : null,
    clientIdInUseSince: link.clientIdInUse?.since ?? null,
    clientId: link.clientId,
    brokenFarms: ready ? link.farms.filter((farm) => farm.state === "broken").map(({ name, kind, since }) => ({ name, kind, since })) : [],
    marginWarnings: [...marginWarnings].sort((a, b) => b.at - a.at),
  };
}
