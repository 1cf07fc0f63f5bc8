import type { Alert } from "@/lib/alerts";

/**
 * The critical episodes (an alert at the moment it reached critical) not yet announced, among
 * the active alerts. Marks them announced, and forgets those no longer active, so the set
 * holds no more than the alerts on screen however long the page stays open.
 */
export function unannouncedCriticals(alerts: Iterable<Alert>, announced: Set<string>): Alert[] {
  const current = new Set<string>();
  const fresh: Alert[] = [];
  for (const alert of alerts) {
    if (alert.level !== "critical") continue;
    const episode = `${alert.id}@${alert.levelSince}`;
    current.add(episode);
    if (!announced.has(episode)) fresh.push(alert);
  }
  for (const episode of announced) if (!current.has(episode)) announced.delete(episode);
  for (const alert of fresh) announced.add(`${alert.id}@${alert.levelSince}`);
  return fresh;
}
