// Run by `npm run demo` alone, against the demo's own fresh store: a viewer limited to one FA
// group, a risk manager and an admin. Prints them as JSON for the demo to show.
import { randomBytes } from "node:crypto";
import type { Role } from "@/lib/auth";
import { configSchema } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openStore, storeLocation } from "@/server/store/database";
import { parseGrant, UserDirectory } from "./users";

/** The simulator's FA group of its conservative accounts (server/sim/model/portfolio.ts). */
const DEMO_VIEWER_GRANT = "group:Income";

const DEMO_USERS: ReadonlyArray<{ name: string; role: Role; grants: string[] }> = [
  { name: "viewer", role: "viewer", grants: [DEMO_VIEWER_GRANT] },
  { name: "risk", role: "riskManager", grants: [] },
  { name: "admin", role: "admin", grants: [] },
];

async function main(): Promise<void> {
  const config = configSchema.pick({ DATABASE_URL: true, SQLITE_PATH: true }).parse(process.env);
  const store = await openStore(storeLocation(config), createLogger("warn"));
  const users = new UserDirectory(store.client);
  const logins = [];
  try {
    for (const { name, role, grants } of DEMO_USERS) {
      const password = process.env.DEMO_PASSWORD ?? randomBytes(9).toString("base64url");
      await users.add(name, role, password);
      for (const grant of grants) await users.grant(name, parseGrant(grant));
      logins.push({ name, password, role, grants });
    }
  } finally {
    await store.close();
  }
  process.stdout.write(`${JSON.stringify(logins)}\n`);
}

main().catch((error: unknown) => {
  console.error("seed-demo-users: failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
