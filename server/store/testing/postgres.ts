import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";

/**
 * A PostgreSQL database of its own for each test run, made from the server that
 * TEST_POSTGRES_URL names (by default this machine's and CI's: trust login as postgres on
 * 127.0.0.1:5432) and dropped afterwards. A server that does not answer is installed and started
 * by scripts/ensure-postgres.sh where that can be done, and is otherwise an error that says what
 * is missing: the PostgreSQL tests are never skipped.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const ENSURE_SCRIPT = fileURLToPath(new URL("../../../scripts/ensure-postgres.sh", import.meta.url));

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Refuses (false) or accepts (true) new connections; refusing also ends the open ones. */
  setAvailable(available: boolean): Promise<void>;
  drop(): Promise<void>;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function connectToServer(): Promise<pg.Client> {
  try {
    return await connect(TEST_POSTGRES_URL);
  } catch {
    const ensured = spawnSync("bash", [ENSURE_SCRIPT], { stdio: ["ignore", "inherit", "inherit"] });
    try {
      return await connect(TEST_POSTGRES_URL);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const hint = ensured.status === 0 ? "" : " (scripts/ensure-postgres.sh above says what to do)";
      throw new Error(`the store's PostgreSQL tests cannot reach ${TEST_POSTGRES_URL}: ${reason}${hint}`);
    }
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await connectToServer();
  const name = `riskdesk_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await server.query(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    async setAvailable(available) {
      await server.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${available}`);
      if (!available) await server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [name]);
    },
    async drop() {
      try {
        await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await server.end();
      }
    },
  };
}
