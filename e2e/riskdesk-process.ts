import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { once } from "node:events";
import { expect } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "../playwright.config";

export interface RiskDeskProcess {
  readonly url: string;
  /** Stops it as Ctrl-C would (SIGTERM) and waits for the process to end. */
  stop(): Promise<void>;
}

/** One secret for every RiskDesk the tests start, so a session survives a restart as it does in production. */
const SESSION_SECRET = randomBytes(32).toString("base64url");

/**
 * A RiskDesk of a test's own (server/main.ts on the demo's build) against a simulator of its own,
 * with its own store and the demo's users (seeded once per store); resolves once it answers /healthz.
 */
export async function startRiskDesk(options: { port: number; ibPort: number; clientId: number; sqlitePath: string }): Promise<RiskDeskProcess> {
  if (!existsSync(options.sqlitePath)) {
    const seeded = spawnSync(process.execPath, ["--import", "tsx", "server/auth/seed-demo-users.ts"], {
      env: { ...process.env, SQLITE_PATH: options.sqlitePath, DEMO_PASSWORD: E2E_DEMO_PASSWORD },
    });
    expect(seeded.status, String(seeded.stderr)).toBe(0);
  }
  const app = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET,
      PORT: String(options.port),
      IB_PORT: String(options.ibPort),
      IB_CLIENT_ID: String(options.clientId),
      SQLITE_PATH: options.sqlitePath,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${options.port}`;
  await expect
    .poll(() => fetch(`${url}/healthz`).then((r) => r.ok, () => false), { timeout: 60_000 })
    .toBe(true);
  return {
    url,
    async stop() {
      if (app.exitCode !== null || app.signalCode !== null) return;
      app.kill("SIGTERM");
      await once(app, "exit");
    },
  };
}
