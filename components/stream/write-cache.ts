import { notifyManager, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { StreamState } from "./apply-message";
import { streamQueries } from "./queries";

/**
 * Mirrors a new stream state into the query cache, touching only the entries whose part
 * of the state changed (by reference), and dropping entries of accounts that are gone.
 */
export function writeStreamState(client: QueryClient, before: StreamState, after: StreamState): void {
  notifyManager.batch(() => {
    if (before.synced !== after.synced || before.serverClockOffset !== after.serverClockOffset) {
      client.setQueryData(streamQueries.sync().queryKey, { synced: after.synced, serverClockOffset: after.serverClockOffset });
    }
    const part = <T>(entry: { queryKey: QueryKey }, from: T, to: T) => {
      if (from !== to) client.setQueryData(entry.queryKey, to);
    };
    part(streamQueries.link(), before.link, after.link);
    part(streamQueries.firm(), before.firm, after.firm);
    part(streamQueries.accountIds(), before.accountIds, after.accountIds);
    part(streamQueries.accountCurrencies(), before.accountCurrencies, after.accountCurrencies);
    part(streamQueries.groups(), before.groups, after.groups);
    part(streamQueries.fa(), before.fa, after.fa);
    part(streamQueries.view(), before.view, after.view);
    part(streamQueries.exposure(), before.exposure, after.exposure);
    part(streamQueries.positions(), before.positions, after.positions);
    part(streamQueries.positionKeys(), before.positionKeys, after.positionKeys);

    syncEntries(client, before.accounts, after.accounts, streamQueries.account);
    syncEntries(client, before.history, after.history, streamQueries.history);
  });
}

function syncEntries<T>(
  client: QueryClient,
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  entry: (id: string) => { queryKey: readonly unknown[] },
): void {
  if (before === after) return;
  for (const [id, value] of after) {
    if (before.get(id) !== value) client.setQueryData(entry(id).queryKey, value);
  }
  for (const id of before.keys()) {
    if (!after.has(id)) client.removeQueries({ queryKey: entry(id).queryKey, exact: true });
  }
}
