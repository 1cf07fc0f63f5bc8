import type { Reading } from "./alert-book";

/**
 * What the connectivity rules read, each condition with the epoch ms since which it holds
 * (null: not now). A subset of the engine's ConnectivityFacts (server/risk/connectivity-facts.ts),
 * which are passed as they are.
 */
export interface AlertConnectivity {
  /** The link to the gateway has not been ready since then. */
  linkDownSince: number | null;
  /** Ready, but silent past the engine's limit: since the last message. */
  silentSince: number | null;
  /** IB refuses RiskDesk's client id (326): another client holds it, so the fix is not on the network. */
  clientIdInUseSince?: number | null;
  clientId?: number;
  /** Down inside the daily-restart window, having gone down inside it: no alert unless it outlasts the window. */
  expectedDisconnect?: boolean;
  /** The gateway reported its own link to IB's servers lost (1100). */
  ibServersLostSince: number | null;
  brokenFarms: ReadonlyArray<{ name: string; since: number }>;
  /** IB's last margin warning (2148) per account; an account null: IB did not name one (firm-wide). */
  marginWarnings: ReadonlyArray<{ account: string | null; at: number }>;
}

const secondsSince = (since: number, at: number): number => Math.max(0, (at - since) / 1000);

/** A condition holding since a time, as a reading in seconds; none when it does not hold. */
export const durationReadings = (since: number | null, at: number): Reading[] =>
  since === null ? [] : [{ subject: null, value: secondsSince(since, at) }];

/**
 * Down or silent, from whichever began first; nothing while a disconnect is the expected daily
 * restart. While IB refuses the client id (326) the reading names that cause: a condition of its
 * own (subject), whose message says what to do, since no network fix helps.
 */
export function linkDownReadings(connectivity: AlertConnectivity, at: number): Reading[] {
  if (connectivity.expectedDisconnect) return [];
  const { linkDownSince: down, silentSince: silent } = connectivity;
  const readings = durationReadings(down === null ? silent : silent === null ? down : Math.min(down, silent), at);
  if (down === null || connectivity.clientIdInUseSince == null) return readings;
  return readings.map((reading) => ({ ...reading, subject: CLIENT_ID_IN_USE, detail: clientIdInUseDetail(connectivity.clientId) }));
}

export const CLIENT_ID_IN_USE = "client id in use by another client";

const clientIdInUseDetail = (clientId: number | undefined) =>
  `IB refuses client id ${clientId ?? "(unknown)"} (326) because another API client is connected with it; ` +
  "RiskDesk retries with the same id. Close that client (or its stale session in the gateway) or give RiskDesk a free IB_CLIENT_ID";

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
