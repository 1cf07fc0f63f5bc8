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
