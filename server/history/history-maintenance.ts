import type { StoreClient } from "@/server/store/database";
import { bucketStart, downsample, RESOLUTION_TIERS } from "./downsampling";

const DAY_MS = 86_400_000;

export interface HistoryMaintenanceOptions {
  retentionDays: number;
  /** Buckets of a tier's resolution downsampled in one transaction. */
  bucketsPerWindow: number;
  /** Windows per tier in one run: the bound on one run's work is tiers × windows × buckets × scopes. */
  windowsPerRun: number;
  /** Expired samples deleted in one run at most. */
  expiredPerRun: number;
}

export const DEFAULT_HISTORY_MAINTENANCE: Omit<HistoryMaintenanceOptions, "retentionDays"> = {
  bucketsPerWindow: 5,
  windowsPerRun: 12,
  expiredPerRun: 10_000,
};

export interface MaintenanceResult {
  expired: number;
  downsampled: number;
}

/**
 * One run of the history's upkeep: deletes samples past retention, then downsamples what has
 * aged into a coarser tier, oldest first, in whole buckets. Work per run is bounded; a backlog
 * (after a long stop) is worked off over several runs.
 */
export async function maintainHistory(client: StoreClient, options: HistoryMaintenanceOptions, now: number): Promise<MaintenanceResult> {
  const expired = await deleteExpired(client, new Date(now - options.retentionDays * DAY_MS), options.expiredPerRun);
  let downsampled = 0;
  for (const { afterMs, resolutionSeconds } of RESOLUTION_TIERS) {
    for (let window = 0; window < options.windowsPerRun; window++) {
      const removed = await downsampleOldestWindow(client, resolutionSeconds, now - afterMs, options.bucketsPerWindow);
      if (removed === null) break;
      downsampled += removed;
    }
  }
  return { expired, downsampled };
}

async function deleteExpired(client: StoreClient, before: Date, limit: number): Promise<number> {
  const expired = await client.figureSample.findMany({ where: { at: { lt: before } }, select: { id: true }, orderBy: { at: "asc" }, take: limit });
  if (expired.length === 0) return 0;
  const { count } = await client.figureSample.deleteMany({ where: { id: { in: expired.map(({ id }) => id) } } });
  return count;
}

/**
 * Downsamples the oldest whole buckets finer than `resolutionSeconds` that lie before
 * `cutoff`; returns how many samples it removed, or null when none was due.
 */
async function downsampleOldestWindow(client: StoreClient, resolutionSeconds: number, cutoff: number, buckets: number): Promise<number | null> {
  const finer = { resolutionSeconds: { lt: resolutionSeconds } };
  const oldest = await client.figureSample.findFirst({ where: { ...finer, at: { lt: new Date(cutoff) } }, orderBy: { at: "asc" }, select: { at: true } });
  if (!oldest) return null;
  const start = bucketStart(oldest.at.getTime(), resolutionSeconds);
  // Only buckets wholly before the cutoff: a bucket straddling it waits for the next run.
  const end = Math.min(start + buckets * resolutionSeconds * 1000, bucketStart(cutoff, resolutionSeconds));
  if (end <= start) return null;
  const samples = await client.figureSample.findMany({
    where: { ...finer, at: { gte: new Date(start), lt: new Date(end) } },
    select: { id: true, scope: true, at: true },
  });
  const { keep, remove } = downsample(samples, resolutionSeconds);
  await client.$transaction([
    client.figureSample.updateMany({ where: { id: { in: keep } }, data: { resolutionSeconds } }),
    client.figureSample.deleteMany({ where: { id: { in: remove } } }),
  ]);
  return remove.length;
}
