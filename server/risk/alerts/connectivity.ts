import type { StreamLink } from "@/lib/stream";
import type { Reading } from "./alert-book";

/**
 * What the connectivity rules read, each condition with the epoch ms since which it holds
 * (null: not now). A subset of the connectivity branch's ConnectivityFacts
 * (server/risk/connectivity-facts.ts), so those facts can be passed as they are; until they
 * reach the engine, LinkWatch derives the link's part from the engine's own link status.
 */
export interface AlertConnectivity {
  /** The link to the gateway has not been ready since then. */
  linkDownSince: number | null;
  /** Ready, but silent past the engine's limit: since the last message. */
  silentSince: number | null;
  /** Down inside the daily-restart window, having gone down inside it: no alert unless it outlasts the window. */
  expectedDisconnect?: boolean;
  /** The gateway reported its own link to IB's servers lost (1100). */
  ibServersLostSince: number | null;
  brokenFarms: ReadonlyArray<{ name: string; since: number }>;
  /** IB's last margin warning (2148) per account; an account null: IB did not name one (firm-wide). */
  marginWarnings: ReadonlyArray<{ account: string | null; at: number }>;
}

/** Data farms and margin warnings: what the engine's link status does not say. */
export type ConnectivityNotices = Pick<AlertConnectivity, "brokenFarms" | "marginWarnings">;

export const NO_NOTICES: ConnectivityNotices = { brokenFarms: [], marginWarnings: [] };

/** Since when the link has been down or silent, and since when IB's servers have been lost, from successive link statuses. */
export class LinkWatch {
  private lostSince: number | null = null;

  observe(link: StreamLink, at: number): Pick<AlertConnectivity, "linkDownSince" | "silentSince" | "ibServersLostSince"> {
    const ready = link.state === "ready";
    this.lostSince = ready && link.ibServersLost ? (this.lostSince ?? at) : null;
    return {
      linkDownSince: ready ? null : link.stateSince,
      silentSince: ready && link.silent ? (link.lastMessageAt ?? link.stateSince) : null,
      ibServersLostSince: this.lostSince,
    };
  }
}

const secondsSince = (since: number, at: number): number => Math.max(0, (at - since) / 1000);

/** A condition holding since a time, as a reading in seconds; none when it does not hold. */
export const durationReadings = (since: number | null, at: number): Reading[] =>
  since === null ? [] : [{ subject: null, value: secondsSince(since, at) }];

/** Down or silent, from whichever began first; nothing while a disconnect is the expected daily restart. */
export function linkDownReadings(connectivity: AlertConnectivity, at: number): Reading[] {
  if (connectivity.expectedDisconnect) return [];
  const { linkDownSince: down, silentSince: silent } = connectivity;
  return durationReadings(down === null ? silent : silent === null ? down : Math.min(down, silent), at);
}

export const farmReadings = (connectivity: AlertConnectivity, at: number): Reading[] =>
  connectivity.brokenFarms.map(({ name, since }) => ({ subject: name, value: secondsSince(since, at) }));

/** When IB last sent its 2148 about each account, and about anything (an account or none): the firm's. */
export interface LatestMarginWarnings {
  byAccount: ReadonlyMap<string, number>;
  firm: number | null;
}

export function latestMarginWarnings({ marginWarnings }: AlertConnectivity): LatestMarginWarnings {
  const byAccount = new Map<string, number>();
  let firm: number | null = null;
  for (const { account, at } of marginWarnings) {
    if (account !== null && at > (byAccount.get(account) ?? Number.NEGATIVE_INFINITY)) byAccount.set(account, at);
    if (firm === null || at > firm) firm = at;
  }
  return { byAccount, firm };
}

/** The age of the youngest 2148 about a scope's accounts ("firm": about anything); none when there was none. */
export function marginWarningReadings(latest: LatestMarginWarnings, accounts: readonly string[] | "firm", at: number): Reading[] {
  if (accounts === "firm") return durationReadings(latest.firm, at);
  let youngest: number | null = null;
  for (const account of accounts) {
    const when = latest.byAccount.get(account);
    if (when !== undefined && (youngest === null || when > youngest)) youngest = when;
  }
  return durationReadings(youngest, at);
}
