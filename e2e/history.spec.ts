import { dirname, join } from "node:path";
import type { Page } from "@playwright/test";
import { historyResponseSchema } from "../lib/history";
import { startSimGateway, type SimGateway } from "../server/sim/gateway";
import { E2E_RESTART_APP_PORT, E2E_SQLITE_PATH } from "../playwright.config";
import { expect, logIn, test } from "./login";
import { startRiskDesk, type RiskDeskProcess } from "./riskdesk-process";

/** A RiskDesk of its own that the test stops and starts again on the same store. */
let sim: SimGateway;
let app: RiskDeskProcess | undefined;
const riskDesk = () => startRiskDesk({ port: E2E_RESTART_APP_PORT, ibPort: sim.port, clientId: 92, sqlitePath: join(dirname(E2E_SQLITE_PATH), "restart.db") });

/** Through the page's logged-in browser context: the route answers only a session. */
async function storedFirmPoints(page: Page, url: string): Promise<number[]> {
  const response = await page.request.get(`${url}/api/history?scope=all&range=today`);
  return historyResponseSchema.parse(await response.json()).points.map((point) => point.at);
}

test.beforeAll(async () => {
  sim = await startSimGateway({ port: 0, seed: 31, accounts: 3, tickMs: 500 });
});

test.afterAll(async () => {
  await app?.stop();
  await sim?.close();
});

test("the overview's intraday chart shows the points stored before a server restart", async ({ page }) => {
  test.setTimeout(120_000);
  app = await riskDesk();
  await logIn(page, "risk", app.url);
  await expect.poll(async () => (await storedFirmPoints(page, app!.url)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const [firstStored] = await storedFirmPoints(page, app.url);
  await app.stop();

  app = await riskDesk();
  await page.goto(app.url);
  // Every live point of the new process is younger than the stored one the chart starts with.
  await expect(page.getByTestId("intraday-chart")).toHaveAttribute("data-first-point-at", String(firstStored));
});

test("the history page charts the scope's stored figures and switches ranges", async ({ page }) => {
  await page.goto("/history");
  await expect(page.getByRole("heading", { name: /History/ })).toContainText("All accounts");
  // The demo stores a sample every 10 s: the page reads it again as often.
  const charts = page.getByTestId("history-charts");
  await expect(charts).toBeVisible({ timeout: 30_000 });
  for (const title of ["Net liquidation", "Daily P&L", "Maintenance margin", "Excess liquidity"]) {
    await expect(charts.getByRole("figure", { name: title })).toBeVisible();
  }
  await page.getByLabel("Range").selectOption("1m");
  await expect(charts).toBeVisible();
  // This run's store began today: no day has closed in it yet, and the page says so.
  await expect(page.getByTestId("day-closes")).toContainText("No closed day stored in this range yet.");
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveURL(/\/$/);
});
