import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Role } from "@/lib/auth";
import { openStore, type Store } from "@/server/store/database";
import { testLogger } from "@/server/testing/silent-logger";
import { storeAuditLog, type AuditLog } from "../audit";
import { AuthRoutes } from "../auth-routes";
import { LoginLimiter } from "../login-limiter";
import { sessionOptions } from "../session-cookie";
import { UserAdministration } from "../user-admin";
import { parseGrant, UserDirectory } from "../users";

export const TEST_SESSION_SECRET = "a test secret that is long enough for iron-session";

export interface AuthFixture {
  store: Store;
  users: UserDirectory;
  auth: AuthRoutes;
  /** Over the same directory and audit log as `auth`. */
  admin: UserAdministration;
  audit: AuditLog;
  addUser(name: string, role: Role, password: string, grants?: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Access control over a fresh SQLite store of its own, for `origins`. */
export async function authFixture(origins: () => readonly string[]): Promise<AuthFixture> {
  const dir = await mkdtemp(join(tmpdir(), "riskdesk-auth-"));
  const store = await openStore({ dialect: "sqlite", file: join(dir, "riskdesk.db") }, testLogger());
  const users = new UserDirectory(store.client);
  const audit = storeAuditLog(store.client);
  const auth = new AuthRoutes({
    users,
    audit,
    limiter: new LoginLimiter(),
    session: sessionOptions({ SESSION_SECRET: TEST_SESSION_SECRET, PUBLIC_URL: undefined }, testLogger()),
    get origins() {
      return origins();
    },
  });
  return {
    store,
    users,
    auth,
    admin: new UserAdministration(users, audit),
    audit,
    async addUser(name, role, password, grants = []) {
      await users.add(name, role, password);
      for (const grant of grants) await users.grant(name, parseGrant(grant));
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
