import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScopeFigures } from "@/server/risk/engine";
import { openStore, type Store, type StoreLocation } from "@/server/store/database";
import { prismaWriteSink } from "@/server/store/prisma-write-sink";
import { createTestDatabase } from "@/server/store/testing/postgres";
import { WriteQueue } from "@/server/store/write-queue";
import { testLogger } from "@/server/testing/silent-logger";
import { closedDayEnds, readCloses } from "./closes";
import { maintainHistory } from "./history-maintenance";
import { readHistory } from "./history-query";
import { figureSamples } from "./history-sampler";

interface Database {
  location: StoreLocation;
  remove(): Promise<void>;
}

const DATABASES: Array<{ dialect: string; create(): Promise<Database> }> = [
  {
    dialect: "sqlite",
    async create() {
      const dir = await mkdtemp(join(tmpdir(), "riskdesk-history-"));
      return { location: { dialect: "sqlite", file: join(dir, "riskdesk.db") }, remove: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    dialect: "postgresql",
    async create() {
      const postgres = await createTestDatabase();
      return { location: { dialect: "postgresql", url: postgres.url }, remove: () => postgres.drop() };
    },
  },
];

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** Noon UTC: "today" (from local midnight) holds the last hour whatever the machine's zone within ±11 h. */
const NOW = Date.UTC(2026, 0, 20, 12, 0, 0);

const firmAt = (netLiquidation: number): ScopeFigures => ({
  scope: "all",
  currency: "USD",
  figures: { netLiquidation: { value: netLiquidation, changedAt: 0 }, dailyPnL: { value: netLiquidation - 1_000_000, changedAt: 0 } },
});

/** Samples of the firm every 10 s for `minutes` from `start`. */
function firmSamples(start: number, minutes: number) {
  return Array.from({ length: minutes * 6 }, (_, index) => figureSamples([firmAt(1_000_000 + index)], start + index * 10_000)).flat();
}

async function resolutions(store: Store, from: number, to: number): Promise<Map<number, number>> {
  const rows = await store.client.figureSample.groupBy({ by: ["resolutionSeconds"], where: { at: { gte: new Date(from), lt: new Date(to) } }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.resolutionSeconds, row._count._all]));
}

for (const database of DATABASES) {
  describe(`figure history on ${database.dialect}`, () => {
    let db: Database;
    let store: Store;

    before(async () => {
      db = await database.create();
      store = await openStore(db.location, testLogger());
    });
    after(async () => {
      await store?.close();
      await db?.remove();
    });

    test("samples queued from the engine's figures are read back as the scope's series, and survive reopening the store", async () => {
      const queue = new WriteQueue(prismaWriteSink(store.client), testLogger());
      const account: ScopeFigures = { scope: "account:DU1", currency: "EUR", figures: { maintMargin: { value: 5_000, changedAt: 0 } } };
      const unknown: ScopeFigures = { scope: "account:DU2", currency: null, figures: {} };
      for (let second = 60; second > 0; second -= 10) {
        for (const sample of figureSamples([firmAt(2_000_000 - second), account, unknown], NOW - second * 1000)) queue.addSample(sample);
      }
      assert.equal((await queue.close()).queued, 0);

      await store.close();
      store = await openStore(db.location, testLogger());
      const firm = await readHistory(store.client, "all", "today", NOW);
      assert.equal(firm.currency, "USD");
      assert.deepEqual(firm.points.map((point) => point.at), [60, 50, 40, 30, 20, 10].map((second) => NOW - second * 1000));
      assert.deepEqual(firm.points.at(-1), { at: NOW - 10_000, netLiquidation: 1_999_990, dailyPnL: 999_990, maintMargin: null, initMargin: null, excessLiquidity: null, marginUtilisation: null });
      const other = await readHistory(store.client, "account:DU1", "today", NOW);
      assert.equal(other.points.length, 6);
      assert.equal(other.points[0]!.maintMargin, 5_000);
      assert.equal((await readHistory(store.client, "account:DU2", "today", NOW)).points.length, 0);
      await store.client.figureSample.deleteMany({});
    });

    test("a range is thinned to the bound on points, keeping the latest", async () => {
      await store.client.figureSample.createMany({ data: firmSamples(NOW - 60 * MINUTE, 60) });
      // Over 5 days 120 points are one per hour: the hour of samples is one or two of them.
      const history = await readHistory(store.client, "all", "5d", NOW, 120);
      assert.ok(history.points.length >= 1 && history.points.length <= 2, `${history.points.length} points`);
      assert.equal(history.points.at(-1)!.at, NOW - 10_000);
      await store.client.figureSample.deleteMany({});
    });

    test("an account's close of a day is its last sample of that day", async () => {
      const [yesterdayEnd] = closedDayEnds("today", NOW);
      const account = (id: string, netLiquidation: number): ScopeFigures => ({
        scope: `account:${id}`,
        currency: "USD",
        figures: { netLiquidation: { value: netLiquidation, changedAt: 0 }, dailyPnL: { value: netLiquidation / 100, changedAt: 0 } },
      });
      await store.client.figureSample.createMany({
        data: [
          ...figureSamples([account("DU1", 100), account("DU2", 200), account("DU3", 1)], yesterdayEnd! - 3 * 3_600_000),
          ...figureSamples([account("DU1", 110)], yesterdayEnd! - 60_000),
          ...figureSamples([account("DU1", 999)], yesterdayEnd! + 60_000),
        ],
      });
      const closes = await readCloses(store.client, ["DU1", "DU2"], "today", NOW);
      assert.deepEqual(
        closes.map(({ account, netLiquidation, dailyPnL, at }) => [account, netLiquidation, dailyPnL, at]),
        [
          ["DU1", 110, 1.1, yesterdayEnd! - 60_000],
          ["DU2", 200, 2, yesterdayEnd! - 3 * 3_600_000],
        ],
      );
      assert.equal(new Set(closes.map(({ day }) => day)).size, 1);
      assert.equal((await readCloses(store.client, ["DU1"], "5d", NOW)).length, 1, "days without samples have no close");
      await store.client.figureSample.deleteMany({});
    });

    test("upkeep keeps 10 s for a day, 1 min to a week, 15 min after, deletes past retention, in bounded runs", async () => {
      const twoDaysAgo = NOW - 2 * DAY;
      const tenDaysAgo = NOW - 10 * DAY;
      await store.client.figureSample.createMany({
        data: [...firmSamples(NOW - 60 * MINUTE, 60), ...firmSamples(twoDaysAgo, 10), ...firmSamples(tenDaysAgo, 30), ...firmSamples(NOW - 40 * DAY, 5)],
      });

      const small = { retentionDays: 30, bucketsPerWindow: 1, windowsPerRun: 1, expiredPerRun: 20 };
      const first = await maintainHistory(store.client, small, NOW);
      // The 40-day-old samples left (200 s to 290 s) are the oldest bucket of each tier: their
      // first whole minute (4 samples to 1), then their quarter (the 7 left to 1).
      assert.deepEqual(first, { expired: 20, downsampled: 3 + 6 });

      const options = { retentionDays: 30, bucketsPerWindow: 5, windowsPerRun: 12, expiredPerRun: 10_000 };
      while ((await maintainHistory(store.client, options, NOW)).downsampled > 0);

      assert.deepEqual(await resolutions(store, NOW - DAY, NOW), new Map([[10, 360]]));
      assert.deepEqual(await resolutions(store, twoDaysAgo, twoDaysAgo + 10 * MINUTE), new Map([[60, 10]]));
      assert.deepEqual(await resolutions(store, tenDaysAgo, tenDaysAgo + 30 * MINUTE), new Map([[900, 2]]));
      assert.equal(await store.client.figureSample.count(), 360 + 10 + 2);
      const kept = await store.client.figureSample.findMany({ where: { at: { gte: new Date(twoDaysAgo), lt: new Date(twoDaysAgo + MINUTE) } } });
      assert.deepEqual(kept.map((sample) => sample.at.getTime()), [twoDaysAgo + 50_000], "the last sample of its minute stands for it");
    });
  });
}
