import { spawn } from "node:child_process";
import { once } from "node:events";
import { expect } from "@playwright/test";

export interface RiskDeskProcess {
  readonly url: string;
  /** Stops it as Ctrl-C would (SIGTERM) and waits for the process to end. */
  stop(): Promise<void>;
}

/**
 * A RiskDesk of a test's own (server/main.ts on the demo's build) against a simulator of its own,
 * with its own store; resolves once it answers /healthz.
 */
export async function startRiskDesk(options: { port: number; ibPort: number; clientId: number; sqlitePath: string }): Promise<RiskDeskProcess> {
  const app = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
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
