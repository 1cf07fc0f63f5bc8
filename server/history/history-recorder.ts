import type { Logger } from "@/server/logger";
import type { ScopeFigures } from "@/server/risk/engine";
import type { StoreClient } from "@/server/store/database";
import type { WriteQueue } from "@/server/store/write-queue";
import { SAMPLE_RESOLUTION_SECONDS } from "./downsampling";
import { DEFAULT_HISTORY_MAINTENANCE, maintainHistory } from "./history-maintenance";
import { figureSamples } from "./history-sampler";
import { runPeriodically } from "./periodic";

export interface HistoryRecorderOptions {
  sampleIntervalMs: number;
  maintenanceIntervalMs: number;
  retentionDays: number;
  now: () => number;
}

export const DEFAULT_HISTORY_RECORDER: Omit<HistoryRecorderOptions, "retentionDays"> = {
  sampleIntervalMs: SAMPLE_RESOLUTION_SECONDS * 1000,
  maintenanceIntervalMs: 60_000,
  now: Date.now,
};

export interface HistoryRecorder {
  stop(): Promise<void>;
}

/**
 * Records the engine's figures into the store: a sample of every scope on an interval, through
 * the write queue (never waiting on the database), and the history's upkeep (retention,
 * downsampling) on a slower one.
 */
export function startHistoryRecorder(
  figuresByScope: (at: number) => ScopeFigures[],
  queue: WriteQueue,
  client: StoreClient,
  logger: Logger,
  options: Partial<HistoryRecorderOptions> & Pick<HistoryRecorderOptions, "retentionDays">,
): HistoryRecorder {
  const { sampleIntervalMs, maintenanceIntervalMs, retentionDays, now } = { ...DEFAULT_HISTORY_RECORDER, ...options };
  const sampling = setInterval(() => {
    const at = now();
    for (const sample of figureSamples(figuresByScope(at), at)) queue.addSample(sample);
  }, sampleIntervalMs);
  sampling.unref();
  const maintenance = runPeriodically(
    "history maintenance",
    maintenanceIntervalMs,
    async () => {
      const result = await maintainHistory(client, { ...DEFAULT_HISTORY_MAINTENANCE, retentionDays }, now());
      if (result.expired + result.downsampled > 0) logger.debug(result, "history maintained");
    },
    logger,
  );
  return {
    async stop() {
      clearInterval(sampling);
      await maintenance.stop();
    },
  };
}
