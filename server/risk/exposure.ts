import type { Exposure, ExposureBucket } from "@/lib/exposure";
import type { Position } from "@/lib/positions";
import { ratio } from "./account-figures";
import type { RiskThresholds } from "./thresholds";
import { isConcentrated } from "./verdicts";

export interface ExposureScope {
  scope: string;
  currency: string | null;
  /** Null or undefined: unavailable or not reported; shares of it are then null. */
  netLiquidation: number | null | undefined;
  /** Base currency of each account, to keep positions valued in another currency out. */
  accountCurrency: (account: string) => string | null;
}

type Accumulator = { long: number; short: number };

/**
 * Exposure of a scope in its base currency: long, short, net and gross, and broken down by
 * underlying (options and futures roll up to theirs), security type and currency (for FX,
 * the currency bought or sold). Positions without a value in the scope currency are
 * counted, not guessed.
 */
export function computeExposure(
  positions: Iterable<Position>,
  scope: ExposureScope,
  at: number,
  thresholds: RiskThresholds,
): Exposure {
  const total: Accumulator = { long: 0, short: 0 };
  const byUnderlying = new Map<string, Accumulator>();
  const bySecType = new Map<string, Accumulator>();
  const byCurrency = new Map<string, Accumulator>();
  let unpricedPositions = 0;

  for (const position of positions) {
    const value = position.marketValueBase;
    if (value === null || scope.accountCurrency(position.account) !== scope.currency) {
      unpricedPositions += 1;
      continue;
    }
    add(total, value);
    add(bucket(byUnderlying, position.underlying), value);
    add(bucket(bySecType, position.secType), value);
    add(bucket(byCurrency, position.secType === "CASH" ? position.symbol : position.currency), value);
  }

  const share = (gross: number) => ratio(gross, scope.netLiquidation) ?? null;
  const buckets = (map: Map<string, Accumulator>, concentrated: (key: string, share: number | null) => boolean): ExposureBucket[] =>
    [...map]
      .map(([key, { long, short }]) => {
        const shareOfNetLiq = share(long - short);
        return { key, long, short, net: long + short, gross: long - short, shareOfNetLiq, concentrated: concentrated(key, shareOfNetLiq) };
      })
      .sort((a, b) => b.gross - a.gross || a.key.localeCompare(b.key));

  const gross = total.long - total.short;
  return {
    scope: scope.scope,
    currency: scope.currency,
    long: total.long,
    short: total.short,
    net: total.long + total.short,
    gross,
    grossShareOfNetLiq: share(gross),
    byUnderlying: buckets(byUnderlying, (_key, shareOfNetLiq) => isConcentrated("underlying", shareOfNetLiq, thresholds)),
    bySecType: buckets(bySecType, () => false),
    byCurrency: buckets(byCurrency, (key, shareOfNetLiq) => key !== scope.currency && isConcentrated("currency", shareOfNetLiq, thresholds)),
    concentrationThresholds: { underlying: thresholds.concentrationUnderlying, currency: thresholds.concentrationCurrency },
    unpricedPositions,
    at,
  };
}

function bucket(map: Map<string, Accumulator>, key: string): Accumulator {
  let found = map.get(key);
  if (!found) map.set(key, (found = { long: 0, short: 0 }));
  return found;
}

function add(accumulator: Accumulator, value: number): void {
  if (value >= 0) accumulator.long += value;
  else accumulator.short += value;
}
