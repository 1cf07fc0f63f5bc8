import type { FigureKey } from "./figures";

/**
 * How RiskDesk writes numbers: fixed en-US grouping (the same on the server and in every
 * browser, so a wall of screens reads alike), whole currency units for money, an explicit
 * sign on P&L with a real minus sign (U+2212), one decimal on percentages.
 */

export const MINUS = "\u2212";
export const PLACEHOLDER = "\u2014";
/** A figure IB has no value for (it sent its "unset"): a word, never a number. */
export const UNAVAILABLE = "n/a";

const PNL_FIGURES: ReadonlySet<FigureKey> = new Set(["dailyPnL", "unrealizedPnL", "realizedPnL"]);
const PERCENT_FIGURES: ReadonlySet<FigureKey> = new Set(["cushion", "marginUtilisation"]);

const wholeUnits = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const upToFourDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const priceDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });

export function isPnLFigure(key: FigureKey): boolean {
  return PNL_FIGURES.has(key);
}

/** `1,234,568 USD`, `−2,100 USD`; the code is left off when the currency is unknown. */
export function formatMoney(value: number, currency: string | null): string {
  return withCurrency(signed(value, wholeUnits, false), currency);
}

/** `+12,345 USD`, `−2,100 USD`, `0 USD`: the sign is always written unless the value rounds to zero. */
export function formatPnL(value: number, currency: string | null): string {
  return withCurrency(signed(value, wholeUnits, true), currency);
}

/** A fraction as a percentage with one decimal: 0.4237 → `42.4%`. */
export function formatPercent(fraction: number): string {
  return `${signed(fraction * 100, oneDecimal, false)}%`;
}

/** A multiple such as leverage: 2.5 → `2.50×`. */
export function formatMultiple(value: number): string {
  return `${signed(value, twoDecimals, false)}\u00d7`;
}

/** A position size: whole where it is whole, `1,000`, `−5`, `0.5`. */
export function formatQuantity(value: number): string {
  return signed(value, upToFourDecimals, false);
}

/** A price, strike or average cost: two to four decimals, `412.50`, `1.0835`. */
export function formatPrice(value: number): string {
  return signed(value, priceDecimals, false);
}

/** IB's YYYYMMDD expiry as `2025-06-20`; anything else is shown as it came. */
export function formatExpiry(expiry: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(expiry);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : expiry;
}

/** Any figure, written the way its kind calls for. */
export function formatFigure(key: FigureKey, value: number, currency: string | null): string {
  if (PNL_FIGURES.has(key)) return formatPnL(value, currency);
  if (PERCENT_FIGURES.has(key)) return formatPercent(value);
  if (key === "leverage") return formatMultiple(value);
  return formatMoney(value, currency);
}

/** An elapsed time: `0s`, `42s`, `2m 10s`, `1h 5m`. Negative spans (clock skew) read as `0s`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export interface ClockTimeOptions {
  /** Leave off the seconds: `14:03`. */
  minutesOnly?: boolean;
  /** Defaults to the viewer's. */
  timeZone?: string;
}

/** A wall-clock time, 24-hour: `14:03:21`. */
export function formatClockTime(epochMs: number, { minutesOnly = false, timeZone }: ClockTimeOptions = {}): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: minutesOnly ? undefined : "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(epochMs);
}

/** A day and a time, 24-hour, in the viewer's zone unless given one: `29 Nov, 14:03`. */
export function formatDayAndTime(epochMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(epochMs);
}

function signed(value: number, format: Intl.NumberFormat, explicitPlus: boolean): string {
  const magnitude = format.format(Math.abs(value));
  // Compare the written digits, not the value: -0.4 is written "0" and takes no sign.
  if (!/[1-9]/.test(magnitude)) return magnitude;
  if (value < 0) return MINUS + magnitude;
  return explicitPlus ? `+${magnitude}` : magnitude;
}

function withCurrency(amount: string, currency: string | null): string {
  return currency ? `${amount} ${currency}` : amount;
}
