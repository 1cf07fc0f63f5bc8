import type { ScopeFigures } from "@/server/risk/engine";
import type { FigureSampleRecord } from "@/server/store/write-queue";
import { SAMPLE_RESOLUTION_SECONDS } from "./downsampling";

/** The figures the history keeps, as the store names them. */
const SAMPLED_FIGURES = ["netLiquidation", "maintMargin", "initMargin", "excessLiquidity", "marginUtilisation", "dailyPnL"] as const;
type SampledFigure = (typeof SAMPLED_FIGURES)[number];

/**
 * The store's samples of the engine's figures at a time: one per scope that has a currency and
 * at least one of the sampled figures (a scope IB has said nothing about yet has no point).
 */
export function figureSamples(scopes: readonly ScopeFigures[], at: number): FigureSampleRecord[] {
  return scopes.flatMap(({ scope, currency, figures }) => {
    if (currency === null) return [];
    const values = Object.fromEntries(SAMPLED_FIGURES.map((key) => [key, figures[key]?.value ?? null])) as Record<SampledFigure, number | null>;
    if (SAMPLED_FIGURES.every((key) => values[key] === null)) return [];
    return [{ scope, at: new Date(at), resolutionSeconds: SAMPLE_RESOLUTION_SECONDS, currency, ...values }];
  });
}
