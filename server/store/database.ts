import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { PrismaClient as PostgresqlClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { migrate, type Dialect } from "./migrate";

/**
 * The store's client. Both dialects' clients are generated from the one schema and have the
 * same API but for $transaction's isolation levels, where SQLite's (Serializable only) are a
 * subset of PostgreSQL's: the SQLite client's type stands for both.
 */
export type StoreClient = SqliteClient;

export type StoreLocation = { dialect: "sqlite"; file: string } | { dialect: "postgresql"; url: string };

export interface Store {
  readonly client: StoreClient;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export function storeLocation(config: Pick<Config, "DATABASE_URL" | "SQLITE_PATH">): StoreLocation {
  return config.DATABASE_URL
    ? { dialect: "postgresql", url: config.DATABASE_URL }
    : { dialect: "sqlite", file: resolve(config.SQLITE_PATH) };
}

/** Where the store is, for a log line: a PostgreSQL URL without its password. */
export function describeLocation(location: StoreLocation): string {
  if (location.dialect === "sqlite") return `SQLite file ${location.file}`;
  const url = new URL(location.url);
  url.password = "";
  return `PostgreSQL ${url.href}`;
}

export async function adapterFactory(location: StoreLocation): Promise<SqlDriverAdapterFactory> {
  if (location.dialect === "postgresql") return new PrismaPg({ connectionString: location.url });
  await mkdir(dirname(location.file), { recursive: true });
  return new PrismaLibSql({ url: `file:${location.file}` });
}

/** Opens the store, creating and migrating the database first when needed. */
export async function openStore(location: StoreLocation, logger: Logger): Promise<Store> {
  const adapter = await adapterFactory(location);
  await migrate(adapter, location.dialect, logger);
  const client = location.dialect === "sqlite" ? new SqliteClient({ adapter }) : (new PostgresqlClient({ adapter }) as unknown as StoreClient);
  logger.info({ store: describeLocation(location) }, "store open");
  return { client, dialect: location.dialect, close: () => client.$disconnect() };
}
