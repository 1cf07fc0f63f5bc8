/** Points kept per intraday series, on the server and in the browser alike. */
export const MAX_POINTS_PER_SERIES = 720;

/**
 * Appends a point to a series in place. A full series first has its older half thinned to
 * every other point, so recent history stays fine-grained while the whole day still fits.
 */
export function appendThinning<T>(series: T[], point: T, max = MAX_POINTS_PER_SERIES): void {
  if (series.length >= max) {
    const half = Math.floor(series.length / 2);
    series.splice(0, half, ...series.slice(0, half).filter((_, index) => index % 2 === 0));
  }
  series.push(point);
}
