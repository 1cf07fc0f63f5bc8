import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import type { Logger } from "../logger";

/**
 * Applies the SQL migrations of prisma/migrations/<dialect>/NNNN_name/migration.sql in name
 * order, each in one transaction together with its record in the migrations table, through
 * the same driver adapter as the app. Prisma's own migrate commands need a native engine that
 * these machines cannot download (see ../shared/PRISMA-OFFLINE.md).
 */
export type Dialect = "sqlite" | "postgresql";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export const MIGRATIONS_ROOT = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));
const MIGRATIONS_TABLE = "_riskdesk_migrations";

// A checkout that turned line ends into CRLF still has the same migration.
const checksumOf = (sql: string) => createHash("sha256").update(sql.replace(/\r\n/g, "\n")).digest("hex");

export async function readMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): Promise<Migration[]> {
  const folder = join(root, dialect);
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(folder, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;
const SELECT_APPLIED = { sql: `SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`, args: [], argTypes: [] };

async function appliedChecksums(queryable: SqlQueryable): Promise<Map<string, string>> {
  const result = await queryable.queryRaw(SELECT_APPLIED);
  return new Map(result.rows.map(([name, checksum]) => [String(name), String(checksum)]));
}

/** How one dialect, through its adapter, reads the migrations table and applies a migration. */
interface Migrator {
  applied(): Promise<Map<string, string>>;
  /** Applies the migration and records it in one transaction; false when another process had done it. */
  apply(migration: Migration, appliedAt: Date): Promise<boolean>;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

function sqliteMigrator(adapter: SqlDriverAdapter): Migrator {
  return {
    async applied() {
      await adapter.executeScript(CREATE_MIGRATIONS_TABLE);
      return appliedChecksums(adapter);
    },
    // libsql runs a script (trigger bodies included) only through executeScript, and rolls back
    // whatever transaction that script leaves open: the transaction and the migration's record
    // are therefore part of the one script. IMMEDIATE takes the write lock at once; a process that
    // applied the same migration meanwhile makes this script fail and roll back, changing nothing.
    async apply(migration, appliedAt) {
      const record = [migration.name, migration.checksum, appliedAt.toISOString()].map(sqlString).join(", ");
      await adapter.executeScript(
        `BEGIN IMMEDIATE;\n${migration.sql}\n;\nINSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (${record});\nCOMMIT;`,
      );
      return true;
    },
  };
}

// Any constant shared by every RiskDesk process: "RiskDesk" in ASCII.
const POSTGRESQL_MIGRATION_LOCK = 0x5269736b4465736bn;
const STRING_ARG = { scalarType: "string", arity: "scalar" } as const;

function postgresqlMigrator(adapter: SqlDriverAdapter): Migrator {
  /** Runs `work` in a transaction that holds the lock every RiskDesk migrator takes. */
  async function locked<T>(work: (connection: Transaction, run: (sql: string) => Promise<void>) => Promise<T>): Promise<T> {
    const connection = await adapter.startTransaction();
    // Without arguments a query goes over PostgreSQL's simple protocol, which runs a whole script.
    const run = async (sql: string) => {
      await connection.executeRaw({ sql, args: [], argTypes: [] });
    };
    // adapter-pg sends BEGIN but leaves COMMIT and ROLLBACK to the caller (its transactions have
    // usePhantomQuery false); its commit() and rollback() hand the connection back to the pool.
    try {
      await run(`SELECT pg_advisory_xact_lock(${POSTGRESQL_MIGRATION_LOCK})`);
      const result = await work(connection, run);
      await run("COMMIT");
      await connection.commit();
      return result;
    } catch (error) {
      await run("ROLLBACK").catch(() => undefined);
      await connection.rollback();
      throw error;
    }
  }
  return {
    applied: () =>
      locked(async (connection, run) => {
        await run(CREATE_MIGRATIONS_TABLE);
        return appliedChecksums(connection);
      }),
    apply: (migration, appliedAt) =>
      locked(async (connection, run) => {
        if ((await appliedChecksums(connection)).has(migration.name)) return false;
        await run(migration.sql);
        await connection.executeRaw({
          sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`,
          args: [migration.name, migration.checksum, appliedAt.toISOString()],
          argTypes: [STRING_ARG, STRING_ARG, STRING_ARG],
        });
        return true;
      }),
  };
}

function checkHistory(migrations: readonly Migration[], applied: ReadonlyMap<string, string>): void {
  const known = new Map(migrations.map((migration) => [migration.name, migration.checksum]));
  const problems = [...applied].flatMap(([name, checksum]) => {
    const expected = known.get(name);
    if (expected === undefined) return [`${name} is applied to the database but unknown to this version of RiskDesk`];
    if (expected !== checksum) return [`${name} was changed after it was applied (add a new migration instead of editing one)`];
    return [];
  });
  if (problems.length > 0) throw new MigrationError(`the database's migrations do not match this version:\n  ${problems.join("\n  ")}`);
}

/** Brings the database up to date; returns the names of the migrations it applied. */
export async function migrate(
  factory: SqlDriverAdapterFactory,
  dialect: Dialect,
  logger: Logger,
  migrations?: readonly Migration[],
): Promise<string[]> {
  const toApply = migrations ?? (await readMigrations(dialect));
  const adapter = await factory.connect();
  try {
    const migrator = dialect === "sqlite" ? sqliteMigrator(adapter) : postgresqlMigrator(adapter);
    const applied = await migrator.applied();
    checkHistory(toApply, applied);
    const appliedNow: string[] = [];
    for (const migration of toApply.filter(({ name }) => !applied.has(name))) {
      if (!(await migrator.apply(migration, new Date()))) continue;
      appliedNow.push(migration.name);
      logger.info({ dialect, migration: migration.name }, "database migration applied");
    }
    return appliedNow;
  } finally {
    await adapter.dispose();
  }
}
