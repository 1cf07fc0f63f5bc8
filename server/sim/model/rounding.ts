/** The precision figures travel with: money in cents, cushion 3 decimals, leverage 2, rates 5. */

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return rounded === 0 ? 0 : rounded; // no "-0.00" on the wire
}

export const roundMoney = (value: number): number => roundTo(value, 2);
export const roundCushion = (value: number): number => roundTo(value, 3);
export const roundLeverage = (value: number): number => roundTo(value, 2);
export const roundRate = (value: number): number => roundTo(value, 5);

/**
 * A value already rounded to cents as wire text ("-1234.5", "17"), the same number
 * `${value}` would give after parsing, but faster: integer formatting instead of double.
 */
export function formatCents(value: number): string {
  const cents = Math.round(value * 100);
  const abs = cents < 0 ? -cents : cents;
  const whole = Math.floor(abs / 100);
  const fraction = abs - whole * 100;
  const text = (cents < 0 ? "-" : "") + whole;
  return fraction === 0 ? text : text + (fraction < 10 ? ".0" : ".") + fraction;
}
