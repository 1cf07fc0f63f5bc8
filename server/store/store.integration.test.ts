import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { testLogger } from "@/server/testing/silent-logger";
import { adapterFactory, openStore, type Store, type StoreLocation } from "./database";
import { migrate, MigrationError, readMigrations, type Dialect } from "./migrate";
import { prismaWriteSink } from "./prisma-write-sink";
import { createTestDatabase, type TestDatabase } from "./testing/postgres";
import { schemaMismatches } from "./testing/schema-check";
import { WriteQueue } from "./write-queue";

/** A fresh database of each kind, made for this run and removed after it. */
interface Backend {
  dialect: Dialect;
  create(): Promise<{ location: StoreLocation; remove(): Promise<void>; postgres?: TestDatabase }>;
}

const BACKENDS: Backend[] = [
  {
    dialect: "sqlite",
    async create() {
      const dir = await mkdtemp(join(tmpdir(), "riskdesk-store-"));
      // A folder that does not exist yet: opening the store makes it.
      return { location: { dialect: "sqlite", file: join(dir, "data", "riskdesk.db") }, remove: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    dialect: "postgresql",
    async create() {
      const postgres = await createTestDatabase();
      return { location: { dialect: "postgresql", url: postgres.url }, remove: () => postgres.drop(), postgres };
    },
  },
];

const at = (second: number) => new Date(Date.UTC(2026, 0, 2, 14, 30, second, 125));
/** An alert episode's state as the live path queues it. */
const alert = (alertId: string, second: number) => ({ alertId, key: alertId, rule: "marginUtilisation", scope: "all", level: "warning", message: `${alertId} raised`, raisedAt: at(second), levelSince: at(second) });
const sample = (scope: string, second: number) => ({
  scope,
  at: at(second),
  resolutionSeconds: 10,
  currency: "USD",
  netLiquidation: 1_234_567.89 + second,
  maintMargin: 250_000.5,
  initMargin: null,
  excessLiquidity: -1e-9,
  marginUtilisation: 0.2025,
  dailyPnL: -1e15,
});

async function measure<T>(t: TestContext, what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  t.diagnostic(`${what}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

for (const backend of BACKENDS) {
  describe(`the store on ${backend.dialect}`, () => {
    let database: Awaited<ReturnType<Backend["create"]>>;
    let store: Store;
    const log = capturingLogger();

    before(async () => {
      database = await backend.create();
      store = await openStore(database.location, log.logger);
    });
    after(async () => {
      await store?.close();
      await database?.remove();
    });

    test("opening a fresh database applies every migration; opening it again applies none", async () => {
      const applied = log.lines.filter((line) => line.msg === "database migration applied").map((line) => line.migration);
      assert.deepEqual(applied, (await readMigrations(backend.dialect)).map(({ name }) => name));
      const again = await openStore(database.location, testLogger());
      await again.close();
      assert.deepEqual(await migrate(await adapterFactory(database.location), backend.dialect, testLogger()), []);
    });

    test("every model and field of the schema is a column of a compatible type, nullability and index", async () => {
      assert.deepEqual(await schemaMismatches(store.client, backend.dialect), []);
    });

    test("a record of each model round-trips through the client", async () => {
      const { client } = store;
      const user = await client.user.create({
        data: { name: `viewer-${backend.dialect}`, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", role: "viewer", lastLoginAt: at(1) },
      });
      const grants = [
        { userId: user.id, kind: "group" as const, value: "Growth" },
        { userId: user.id, kind: "account" as const, value: "DU1000001" },
      ];
      await client.accountGrant.createMany({ data: grants });
      const read = await client.user.findUniqueOrThrow({ where: { name: user.name }, include: { grants: { orderBy: { id: "asc" } } } });
      assert.deepEqual(read, { ...user, disabled: false, grants: grants.map((grant, index) => ({ ...grant, id: read.grants[index]!.id })) });
      assert.ok(user.createdAt instanceof Date);

      const written = sample("account:DU1000001", 1);
      const { id: sampleId, ...sampleRead } = await client.figureSample.create({ data: written });
      assert.equal(typeof sampleId, "bigint");
      assert.deepEqual(sampleRead, written);

      const alert = {
        alertId: "marginUtilisation|group:Growth|@2",
        key: "marginUtilisation|group:Growth",
        rule: "marginUtilisation",
        scope: "group:Growth",
        subject: null,
        level: "critical",
        message: "margin above 80 %",
        value: 0.83,
        threshold: 0.8,
        raisedAt: at(2),
        levelSince: at(2),
        acknowledgedBy: "rm",
        acknowledgedAt: at(3),
        note: "calling the client",
        clearedAt: null,
      };
      const { id: alertId, ...alertRead } = await client.alert.create({ data: alert });
      assert.deepEqual(alertRead, alert);
      await client.alert.update({ where: { id: alertId }, data: { clearedAt: at(4) } });
      assert.deepEqual((await client.alert.findUniqueOrThrow({ where: { id: alertId } })).clearedAt, at(4));

      const setting = { key: "alertRules", value: JSON.stringify([{ rule: "cushion", warning: 0.2 }]), updatedAt: at(5), updatedBy: "admin" };
      assert.deepEqual(await client.setting.create({ data: setting }), setting);
      await client.setting.upsert({ where: { key: setting.key }, create: setting, update: { value: "[]", updatedAt: at(6) } });
      assert.deepEqual(await client.setting.findUniqueOrThrow({ where: { key: setting.key } }), { ...setting, value: "[]", updatedAt: at(6) });

      const record = { at: at(5), actor: "admin", address: "127.0.0.1", action: "user.add", details: JSON.stringify({ name: "bob", role: "viewer" }), outcome: "ok" };
      const { id: _auditId, ...recordRead } = await client.auditRecord.create({ data: record });
      assert.deepEqual(recordRead, record);

      await client.user.delete({ where: { id: user.id } });
      assert.equal(await client.accountGrant.count({ where: { userId: user.id } }), 0, "a user's grants go with the user");
    });

    test("the audit log refuses UPDATE and DELETE, through the client and in plain SQL", async () => {
      const { client } = store;
      const record = await client.auditRecord.create({ data: { actor: "rm", action: "alert.ack", details: "{}", outcome: "ok" } });
      await assert.rejects(client.auditRecord.update({ where: { id: record.id }, data: { outcome: "forged" } }));
      await assert.rejects(client.auditRecord.updateMany({ data: { actor: "someone else" } }));
      await assert.rejects(client.auditRecord.delete({ where: { id: record.id } }));
      await assert.rejects(client.auditRecord.deleteMany());
      await assert.rejects(client.$executeRawUnsafe(`UPDATE "AuditRecord" SET "outcome" = 'forged'`), /append-only/);
      await assert.rejects(client.$executeRawUnsafe(`DELETE FROM "AuditRecord"`), /append-only/);
      if (backend.dialect === "postgresql") await assert.rejects(client.$executeRawUnsafe(`TRUNCATE "AuditRecord"`), /append-only/);
      assert.deepEqual(await client.auditRecord.findUniqueOrThrow({ where: { id: record.id } }), record);
    });

    test("a migration that fails leaves nothing behind, and an applied migration that was edited is refused", async () => {
      const migrations = await readMigrations(backend.dialect);
      const broken = { name: "9999_broken", sql: `CREATE TABLE "Half" ("id" INTEGER);\nSELECT * FROM "NoSuchTable";\n`, checksum: "broken" };
      await assert.rejects(migrate(await adapterFactory(database.location), backend.dialect, testLogger(), [...migrations, broken]));
      const halfTables = await store.client.$queryRawUnsafe<unknown[]>(
        backend.dialect === "sqlite" ? `SELECT 1 FROM sqlite_master WHERE name = 'Half'` : `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`,
      );
      assert.equal(halfTables.length, 0);
      const recorded = await store.client.$queryRawUnsafe<Array<{ name: string }>>(`SELECT "name" FROM "_riskdesk_migrations" ORDER BY "name"`);
      assert.deepEqual(recorded.map(({ name }) => name), migrations.map(({ name }) => name));

      const edited = migrations.map((migration, index) => (index === 0 ? { ...migration, checksum: "edited" } : migration));
      await assert.rejects(migrate(await adapterFactory(database.location), backend.dialect, testLogger(), edited), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.match(error.message, new RegExp(`${migrations[0]!.name} was changed after it was applied`));
        return true;
      });
      await assert.rejects(migrate(await adapterFactory(database.location), backend.dialect, testLogger(), []), /unknown to this version/);
    });

    test("5,000 samples: one createMany, and the write queue's batches", async (t) => {
      const { client } = store;
      const samples = Array.from({ length: 5000 }, (_, n) => sample("group:Bench", n));
      await measure(t, `${backend.dialect}: 5,000 samples in one createMany`, () => client.figureSample.createMany({ data: samples }));

      const queue = new WriteQueue(prismaWriteSink(client), testLogger());
      for (const [n, written] of samples.entries()) {
        queue.addSample({ ...written, scope: "group:Queued" });
        if (n % 1000 === 0) queue.addAlert(alert(`bench ${n}`, n % 60));
      }
      const state = await measure(t, `${backend.dialect}: 5,000 samples and 5 alert changes through the write queue (batches of 1,000)`, () => queue.close());
      assert.deepEqual(state, { ...state, state: "ok", queued: 0, queuedAlerts: 0, droppedSamples: 0, lastError: null });
      assert.equal(await client.figureSample.count({ where: { scope: "group:Queued" } }), 5000);
      assert.equal(await client.alert.count({ where: { alertId: { startsWith: "bench " } } }), 5);
      const first = await client.figureSample.findFirstOrThrow({ where: { scope: "group:Queued" }, orderBy: { at: "asc" } });
      assert.deepEqual(first.at, at(0));
    });

    if (backend.dialect === "postgresql") {
      test("while PostgreSQL refuses connections the queue holds the writes and says so; it drains when the database is back", async () => {
        const { client } = store;
        const queueLog = capturingLogger();
        const queue = new WriteQueue(prismaWriteSink(client), queueLog.logger);
        await database.postgres!.setAvailable(false);
        try {
          queue.addAlert(alert("outage", 1));
          queue.addSample(sample("account:Outage", 1));
          await queue.flush();
          const state = queue.state();
          assert.equal(state.state, "unreachable");
          assert.equal(state.queued, 2);
          assert.ok(state.lastError, "the error is kept for the link panel");
          assert.equal(queueLog.warnings().length, 1);
        } finally {
          await database.postgres!.setAvailable(true);
        }
        assert.deepEqual(await queue.close(), { ...queue.state(), state: "ok", queued: 0, queuedAlerts: 0 });
        assert.equal(await client.alert.count({ where: { alertId: "outage" } }), 1);
        assert.equal(await client.figureSample.count({ where: { scope: "account:Outage" } }), 1);
      });
    }
  });
}
