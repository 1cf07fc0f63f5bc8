import { expect, test, type Page } from "@playwright/test";
import { sim } from "./sim-control";

/** "1,234,567 USD" / "+1,234 USD" / "−1,234 USD" → a number. */
function parseMoney(text: string): number {
  const normalised = text.replace(/\u2212/g, "-").replace(/[^\d.+-]/g, "");
  const value = Number(normalised);
  if (normalised === "" || !Number.isFinite(value)) throw new Error(`not a money figure: "${text}"`);
  return value;
}

function figureCell(page: Page, account: string, figure: string) {
  return page.locator(`[data-testid="account-row"][data-account="${account}"] [data-figure="${figure}"]`);
}

async function shownMoney(page: Page, account: string, figure: string): Promise<number> {
  return parseMoney(await figureCell(page, account, figure).innerText());
}

test.describe("overview", () => {
  test.afterEach(async () => {
    await sim.resume();
  });

  test("shows each account's net liquidation as the simulator computes it, and follows it live", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");

    await sim.pause();
    const accounts = await sim.accounts();
    await expect(page.locator('[data-testid="account-row"]')).toHaveCount(accounts.length);
    const [first] = accounts;
    if (!first) throw new Error("the simulator has no accounts");

    await expect
      .poll(() => shownMoney(page, first.id, "netLiquidation"))
      .toBe(Math.round(first.figures.netLiquidation));

    await sim.step(5);
    const moved = (await sim.accounts()).find((account) => account.id === first.id)!;
    expect(Math.round(moved.figures.netLiquidation)).not.toBe(Math.round(first.figures.netLiquidation));
    await expect
      .poll(() => shownMoney(page, first.id, "netLiquidation"))
      .toBe(Math.round(moved.figures.netLiquidation));

    // The firm total is the sum of the accounts as IB reports them (to the cent): allow for rounding.
    const firmTotal = (await sim.accounts()).reduce((sum, account) => sum + account.figures.netLiquidation, 0);
    const firmCell = page.getByTestId("firm-totals").locator('[data-figure="netLiquidation"]');
    await expect.poll(async () => Math.abs(parseMoney(await firmCell.innerText()) - firmTotal)).toBeLessThanOrEqual(1);
  });

  test("marks margin utilisation with a word as well as a colour", async ({ page }) => {
    await page.goto("/");
    const gauges = page.locator('[data-testid="account-row"] [data-figure="marginUtilisation"]');
    await expect(gauges.first()).toContainText(/%/);
    const texts = await gauges.allInnerTexts();
    for (const text of texts) expect(text).toMatch(/OK|Warning|Critical/);
  });

  test("a lost server connection shows at once and heals by itself", async ({ page }) => {
    const sockets: Array<{ close: () => Promise<void> }> = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      ws.connectToServer();
      sockets.push(ws);
    });
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("socket-banner")).toHaveCount(0);

    // Refuse reconnection while the banner is checked, then let it through.
    await page.route(/\/socket\.io\//, (route) => route.abort());
    await Promise.all(sockets.map((ws) => ws.close()));
    await expect(page.getByTestId("socket-banner")).toBeVisible();
    await expect(page.getByTestId("link-pill")).not.toHaveAttribute("data-state", "live");

    await page.unroute(/\/socket\.io\//);
    await expect(page.getByTestId("socket-banner")).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
  });

  test("a gateway restart turns the link down, dims the figures, and recovers", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    await sim.restart(4000);
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "down");
    const cell = page.locator('[data-testid="account-row"] [data-figure="netLiquidation"]').first();
    await expect(cell).toHaveAttribute("data-stale", "true");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live", { timeout: 30_000 });
  });
});
