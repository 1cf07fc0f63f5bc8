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

test("today's history goes on live from the stream after the newest stored point, without a reload, and keeps the stored part", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  await expect.poll(async () => (await storedFirmPoints(page, baseURL!)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  const storeReads: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/history") storeReads.push(request.url());
  });
  await page.goto("/history");
  const charts = page.getByTestId("history-charts");
  await expect(charts).toHaveAttribute("data-stored-through", /^\d+$/, { timeout: 30_000 });
  const storedThrough = Number(await charts.getAttribute("data-stored-through"));
  const firstPointAt = await charts.getAttribute("data-first-point-at");
  const lastPointAt = Number(await charts.getAttribute("data-last-point-at"));
  const readsBefore = storeReads.length;
  expect(readsBefore).toBeGreaterThan(0);

  // The demo's stream samples every 5 s: a point newer than anything on the page arrives.
  await expect.poll(async () => Number(await charts.getAttribute("data-last-point-at")), { timeout: 30_000 }).toBeGreaterThan(Math.max(lastPointAt, storedThrough));
  // It came from the stream: the store was not read again, and its part of the line is all still there.
  expect(storeReads.length).toBe(readsBefore);
  await expect(charts).toHaveAttribute("data-first-point-at", firstPointAt!);
  await expect(charts).toHaveAttribute("data-stored-through", String(storedThrough));
  for (const title of ["Net liquidation", "Maintenance margin"]) await expect(charts.getByRole("figure", { name: title })).toBeVisible();
});

test("the overview's link panel says the store keeps up with its writes", async ({ page }) => {
  await page.goto("/");
  const store = page.getByTestId("store-status");
  await expect(store).toHaveAttribute("data-state", "ok");
  await expect(store).toContainText("Store ok");
});
