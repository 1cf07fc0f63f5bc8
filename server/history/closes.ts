import { rangeStart, type DayClose, type HistoryRange } from "@/lib/history";
import { accountScope, parseScope } from "@/lib/scope";
import type { StoreClient } from "@/server/store/database";

/** The local midnights that end each whole day of the range, oldest first (today is not closed yet). */
export function closedDayEnds(range: HistoryRange, now: number): number[] {
  const todayStart = rangeStart("today", now);
  const ends: number[] = [];
  const days = range === "1m" ? 30 : range === "5d" ? 5 : 1;
  for (let back = days - 1; back >= 0; back--) {
    const end = new Date(todayStart);
    end.setDate(end.getDate() - back);
    ends.push(end.getTime());
  }
  return ends;
}

/**
 * Each account's figures at the close of each day of the range: its last stored sample of the
 * day. Two queries per day, whatever the number of samples: the latest time per account, then
 * those rows.
 */
export async function readCloses(client: StoreClient, accounts: readonly string[], range: HistoryRange, now: number): Promise<DayClose[]> {
  const scopes = accounts.map(accountScope);
  const closes: DayClose[] = [];
  for (const end of closedDayEnds(range, now)) {
    const start = new Date(end);
    start.setDate(start.getDate() - 1);
    const day = { gte: start, lt: new Date(end) };
    const latest = await client.figureSample.groupBy({ by: ["scope"], where: { scope: { in: scopes }, at: day }, _max: { at: true } });
    if (latest.length === 0) continue;
    const rows = await client.figureSample.findMany({
      where: { OR: latest.flatMap(({ scope, _max }) => (_max.at ? [{ scope, at: _max.at }] : [])) },
      orderBy: { scope: "asc" },
      select: { scope: true, at: true, currency: true, netLiquidation: true, dailyPnL: true, maintMargin: true },
    });
    const dayLabel = localDate(start);
    for (const { scope, at, ...figures } of rows) {
      const parsed = parseScope(scope);
      if (parsed.kind === "account") closes.push({ ...figures, account: parsed.id, day: dayLabel, at: at.getTime() });
    }
  }
  return closes;
}

/** `2026-01-19`, in the server's zone, as the day the close belongs to. */
function localDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
