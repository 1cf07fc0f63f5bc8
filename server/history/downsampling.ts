/**
 * How finely figure history is kept as it ages: every sample (10 s) for a day, one a minute
 * after that, one per 15 minutes after a week. Pure: the store job (history-maintenance.ts)
 * applies it.
 */
export const SAMPLE_RESOLUTION_SECONDS = 10;

export interface ResolutionTier {
  /** Samples older than this are kept at `resolutionSeconds`. */
  afterMs: number;
  resolutionSeconds: number;
}

const DAY_MS = 86_400_000;

/** Coarsest last; each tier's resolution is a multiple of the one before. */
export const RESOLUTION_TIERS: readonly ResolutionTier[] = [
  { afterMs: DAY_MS, resolutionSeconds: 60 },
  { afterMs: 7 * DAY_MS, resolutionSeconds: 900 },
];

/** The resolution a sample of this age is kept at. */
export function resolutionForAge(ageMs: number): number {
  let resolution = SAMPLE_RESOLUTION_SECONDS;
  for (const tier of RESOLUTION_TIERS) if (ageMs > tier.afterMs) resolution = tier.resolutionSeconds;
  return resolution;
}

export interface StoredSampleRef<Id> {
  id: Id;
  scope: string;
  at: Date;
}

export interface Downsampling<Id> {
  /** The last sample of each scope's bucket: it stands for the bucket from now on. */
  keep: Id[];
  /** Every other sample of the bucket. */
  remove: Id[];
}

/** The start (epoch ms) of the bucket of `resolutionSeconds` that a time falls in. */
export const bucketStart = (at: number, resolutionSeconds: number): number => at - (at % (resolutionSeconds * 1000));

/**
 * Downsamples samples to one per scope and bucket of `resolutionSeconds`: the latest of
 * each bucket is kept (a figure's value at the end of the interval, as a close), the rest go.
 */
export function downsample<Id>(samples: readonly StoredSampleRef<Id>[], resolutionSeconds: number): Downsampling<Id> {
  const latest = new Map<string, StoredSampleRef<Id>>();
  const remove: Id[] = [];
  for (const sample of samples) {
    const key = `${bucketStart(sample.at.getTime(), resolutionSeconds)} ${sample.scope}`;
    const kept = latest.get(key);
    if (!kept) {
      latest.set(key, sample);
    } else if (sample.at.getTime() > kept.at.getTime()) {
      remove.push(kept.id);
      latest.set(key, sample);
    } else {
      remove.push(sample.id);
    }
  }
  return { keep: [...latest.values()].map((sample) => sample.id), remove };
}
