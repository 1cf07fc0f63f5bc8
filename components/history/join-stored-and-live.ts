/**
 * One series as a chart draws it: every stored point (older, downsampled ones included), then
 * the live points of that series newer than the newest stored one, each instant once. The store
 * says what happened up to where it has got; the stream carries on from there, so the line has
 * neither a stretch drawn twice nor a step where one source hands over to the other. Where both
 * have a point at the same instant the stored one is kept: it carries every figure.
 */
export function joinStoredAndLive<Stored extends { at: number }, Live extends { at: number; series: string }>(
  series: string,
  stored: readonly Stored[],
  live: readonly Live[],
): Array<Stored | Live> {
  const joined: Array<Stored | Live> = [...stored];
  let newest = stored.reduce((latest, point) => Math.max(latest, point.at), Number.NEGATIVE_INFINITY);
  const ownLive = live.filter((point) => point.series === series).sort((a, b) => a.at - b.at);
  for (const point of ownLive) {
    if (point.at <= newest) continue;
    joined.push(point);
    newest = point.at;
  }
  return joined;
}
