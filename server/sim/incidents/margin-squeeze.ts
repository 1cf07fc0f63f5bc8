/**
 * A margin squeeze: the house raises an account's margin requirements step by step until its
 * utilisation (maintenance margin / net liquidation) reaches the severity, holds them there,
 * then lowers them back. Above a utilisation of about 1 excess liquidity is below zero: the
 * point where IB liquidates.
 */
import { MAX_MARGIN_MULTIPLIER } from "../model/margin";

export interface SqueezePlan {
  /** The multiplier at the peak. */
  peak: number;
  rampSeconds: number;
  holdSeconds: number;
  recoverSeconds: number;
}

export class SqueezeError extends Error {
  override readonly name = "SqueezeError";
}

/** The multiplier that takes an account from its figures now to `severity` utilisation (never below 1). */
export function peakMultiplier(account: string, figures: { maintMargin: number; netLiquidation: number }, severity: number): number {
  if (!(figures.maintMargin > 0) || !(figures.netLiquidation > 0)) {
    throw new SqueezeError(`${account} has no margin requirement (or no net liquidation) to squeeze`);
  }
  return Math.min(MAX_MARGIN_MULTIPLIER, Math.max(1, (severity * figures.netLiquidation) / figures.maintMargin));
}

export function squeezeSeconds(plan: Omit<SqueezePlan, "peak">): number {
  return plan.rampSeconds + plan.holdSeconds + plan.recoverSeconds;
}

/** The multiplier `elapsed` seconds into the squeeze: up linearly, flat, down linearly, then 1. */
export function multiplierAt(plan: SqueezePlan, elapsed: number): number {
  const { peak, rampSeconds, holdSeconds, recoverSeconds } = plan;
  if (elapsed < 0) return 1;
  if (elapsed < rampSeconds) return 1 + ((peak - 1) * elapsed) / rampSeconds;
  if (elapsed < rampSeconds + holdSeconds) return peak;
  const recovering = elapsed - rampSeconds - holdSeconds;
  if (recovering < recoverSeconds) return peak - ((peak - 1) * recovering) / recoverSeconds;
  return 1;
}
