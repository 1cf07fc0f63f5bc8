import type { IbReading } from "@/server/domain/events";
import type { Logger } from "@/server/logger";
import { WarningThrottle, type WarningThrottleOptions } from "./warning-throttle";

/**
 * The one numeric boundary between IB and the risk engine: every number a feed takes from
 * IB is read here, once. IB's "unset" becomes null (no value); anything that is not a
 * plausible number of its kind is refused, with a warning naming the account, the field and
 * what IB sent.
 */

/** IB's "unset" double, Java's Double.MAX_VALUE; TWS writes it `1.7976931348623157E308`. */
export const IB_UNSET_DOUBLE = Number.MAX_VALUE;

interface Bounds {
  min: number;
  max: number;
  integer?: boolean;
}

/**
 * The plausible range of each kind of number IB sends. Wide enough for any real account in
 * any currency, narrow enough that sums over thousands of accounts stay exact to the cent
 * and no figure on screen is absurd.
 */
export const NUMBER_KINDS = {
  /** Currency units of any currency: 1e15 is far above any account, even in IDR or KRW. */
  money: { min: -1e15, max: 1e15 },
  /** A plain fraction or multiple (cushion 0.25 = 25 %, leverage 2.5 = 2.5×). */
  ratio: { min: -1e6, max: 1e6 },
  /** A position in shares, contracts or units of currency; fractions allowed. */
  size: { min: -1e12, max: 1e12 },
  /** Per unit (times the multiplier for an average cost), in the contract's currency; spreads can be negative. */
  price: { min: -1e9, max: 1e9 },
  /** Units of the account's base currency per unit of another currency. */
  rate: { min: 1e-9, max: 1e9 },
  /** Units of the underlying per contract; 0 is how IB writes "none". */
  multiplier: { min: 0, max: 1e7 },
  /** IB's contract id: a positive 32-bit integer. */
  conId: { min: 1, max: 2 ** 31 - 1, integer: true },
} as const satisfies Record<string, Bounds>;

export type NumberKind = keyof typeof NUMBER_KINDS;

/** A plain decimal as TWS writes numbers: no hex, no "Infinity", no thousands separators. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What IB sent, checked: the number, null for IB's unset (Double.MAX_VALUE; an empty text
 * field; undefined, which is how the client library decodes either), or why it is refused.
 */
export function checkIbNumber(kind: NumberKind, raw: unknown): number | null | { refused: string } {
  if (raw === undefined || raw === "") return null;
  let value: number;
  if (typeof raw === "number") value = raw;
  else if (typeof raw === "string" && DECIMAL.test(raw.trim())) value = Number(raw);
  else return { refused: "not a number" };
  if (value === IB_UNSET_DOUBLE) return null;
  if (!Number.isFinite(value)) return { refused: "not finite" };
  const bounds: Bounds = NUMBER_KINDS[kind];
  if (bounds.integer && !Number.isInteger(value)) return { refused: `not a whole ${kind}` };
  if (value < bounds.min || value > bounds.max) return { refused: `outside the plausible ${kind} range [${bounds.min}, ${bounds.max}]` };
  return value;
}

/** Where a number came from, for the warning. */
export interface NumberSource {
  account: string;
  /** IB's tag or field name. */
  field: string;
}

/** Longest raw value quoted in a warning: a hostile gateway can send megabytes. */
const MAX_QUOTED_CHARS = 64;

/** checkIbNumber with the refusals logged (repeated identical ones held back). */
export class IbNumbers {
  private readonly warnings: WarningThrottle;

  constructor(logger: Logger, now: () => number, throttle?: WarningThrottleOptions) {
    this.warnings = new WarningThrottle(logger, now, throttle);
  }

  read(kind: NumberKind, raw: unknown, source: NumberSource): IbReading {
    const checked = checkIbNumber(kind, raw);
    return checked === null || typeof checked === "number" ? checked : this.refuse(raw, source, checked.refused);
  }

  /** For a number that cannot be missing (a position's size, a contract id): IB's unset is refused too. */
  readRequired(kind: NumberKind, raw: unknown, source: NumberSource): number | "refused" {
    const reading = this.read(kind, raw, source);
    return reading === null ? this.refuse(raw, source, "no value where one is required") : reading;
  }

  private refuse(raw: unknown, { account, field }: NumberSource, reason: string): "refused" {
    const value = quote(raw);
    this.warnings.warn(`${account}\0${field}\0${value}`, { account, field, value, reason }, `refused ${field} for ${account} from IB`);
    return "refused";
  }
}

/** The readings as numbers, or null when any was refused: a message with one bad number is dropped whole. */
export function unlessRefused<T extends Record<string, IbReading>>(readings: T): { [K in keyof T]: Exclude<T[K], "refused"> } | null {
  return Object.values(readings).includes("refused") ? null : (readings as { [K in keyof T]: Exclude<T[K], "refused"> });
}

function quote(raw: unknown): string {
  const text = typeof raw === "string" ? raw : String(raw);
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length} chars)` : text;
}
