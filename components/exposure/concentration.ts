import { CONCENTRATION_THRESHOLD, type ExposureBucket } from "@/lib/exposure";

/** A bucket whose gross exposure exceeds the threshold share of net liquidation. */
export function isConcentrated(bucket: Pick<ExposureBucket, "shareOfNetLiq">): boolean {
  return bucket.shareOfNetLiq !== null && bucket.shareOfNetLiq > CONCENTRATION_THRESHOLD;
}
