import type { StreamLink } from "@/lib/stream";
import type { Reading } from "./alert-book";

/**
 * What the connectivity rules read, each as the epoch ms since which a condition holds.
 * The link's part comes from the engine's link (LinkWatch); data farms and IB's 2148 margin
 * warnings come from the collector's notices (server/risk/connectivity-facts.ts).
 */
export interface AlertConnectivity {
  /** The link to the gateway is not ready, or ready but silent. */
  linkDownSince: number | null;
  /** The gateway reported its own link to IB's servers lost (1100). */
  ibServersLostSince: number | null;
  brokenFarms: ReadonlyArray<{ farm: string; since: number }>;
  /** When IB last sent its margin warning (2148), by account. */
  lastMarginWarning: ReadonlyMap<string, number>;
}

/** Data farms and margin warnings: what the link status does not say. */
export type ConnectivityNotices = Pick<AlertConnectivity, "brokenFarms" | "lastMarginWarning">;

export const NO_NOTICES: ConnectivityNotices = { brokenFarms: [], lastMarginWarning: new Map() };

/** Since when the link has been down, and since when IB's servers have been lost, from successive link statuses. */
export class LinkWatch {
  private lostSince: number | null = null;

  observe(link: StreamLink, at: number): Pick<AlertConnectivity, "linkDownSince" | "ibServersLostSince"> {
    this.lostSince = link.ibServersLost ? (this.lostSince ?? at) : null;
    const linkDownSince = link.state !== "ready" ? link.stateSince : link.silent ? (link.lastMessageAt ?? link.stateSince) : null;
    return { linkDownSince, ibServersLostSince: this.lostSince };
  }
}

const secondsSince = (since: number, at: number): number => Math.max(0, (at - since) / 1000);

/** A condition holding since a time, as a reading in seconds; none when it does not hold. */
export const durationReadings = (since: number | null, at: number): Reading[] =>
  since === null ? [] : [{ subject: null, value: secondsSince(since, at) }];

export const farmReadings = (connectivity: AlertConnectivity, at: number): Reading[] =>
  connectivity.brokenFarms.map(({ farm, since }) => ({ subject: farm, value: secondsSince(since, at) }));

/** The age of the youngest 2148 among a scope's accounts; none when none of them had one. */
export function marginWarningReadings(connectivity: AlertConnectivity, accounts: readonly string[], at: number): Reading[] {
  let latest: number | null = null;
  for (const account of accounts) {
    const when = connectivity.lastMarginWarning.get(account);
    if (when !== undefined && (latest === null || when > latest)) latest = when;
  }
  return durationReadings(latest, at);
}
