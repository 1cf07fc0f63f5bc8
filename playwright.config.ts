import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Ports the end-to-end tests use, far from the defaults a developer runs. E2E_PORT_BASE moves
 * them all, so two checkouts can run their suites side by side.
 */
const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3210);
export const E2E_APP_PORT = PORT_BASE;
export const E2E_SIM_CONTROL_PORT = PORT_BASE + 1;
/** The demo's users (viewer limited to group:Income, risk, admin) all get this password in the tests. */
export const E2E_DEMO_PASSWORD = "e2e demo password";
/** The second RiskDesk that the scale test starts against its own simulator. */
export const E2E_SCALE_APP_PORT = PORT_BASE + 10;
/** The RiskDesk that the history test restarts, against its own simulator. */
export const E2E_RESTART_APP_PORT = PORT_BASE + 11;
/**
 * The demo server's store: a file of this run's own, so runs share no state. Set once in the
 * runner's environment, which the workers inherit.
 */
process.env.E2E_SQLITE_PATH ??= join(tmpdir(), `riskdesk-e2e-${PORT_BASE}-${Date.now()}`, "riskdesk.db");
export const E2E_SQLITE_PATH = process.env.E2E_SQLITE_PATH;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    viewport: { width: 1280, height: 720 },
    trace: "retain-on-failure",
    browserName: "chromium",
    launchOptions: {
      // Playwright cannot download its browser here: use Debian's (scripts/ensure-chromium.sh).
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"],
    },
  },
  webServer: {
    command: "node scripts/demo.mjs",
    url: `http://127.0.0.1:${E2E_APP_PORT}/healthz`,
    reuseExistingServer: false,
    // Includes `next build` on a fresh clone.
    timeout: 300_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(E2E_APP_PORT),
      DEMO_SIM_CONTROL_PORT: String(E2E_SIM_CONTROL_PORT),
      LOG_LEVEL: "warn",
      SQLITE_PATH: E2E_SQLITE_PATH,
      DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    },
  },
});
