import { expect, test } from "./login";
import { accountFigure, shownNumber } from "./figures";
import { sim } from "./sim-control";

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
      .poll(() => shownNumber(accountFigure(page, first.id, "netLiquidation")))
      .toBe(Math.round(first.figures.netLiquidation));

    await sim.step(5);
    const moved = (await sim.accounts()).find((account) => account.id === first.id)!;
    expect(Math.round(moved.figures.netLiquidation)).not.toBe(Math.round(first.figures.netLiquidation));
    await expect
      .poll(() => shownNumber(accountFigure(page, first.id, "netLiquidation")))
      .toBe(Math.round(moved.figures.netLiquidation));

    // The firm total is the sum of the accounts as IB reports them (to the cent): allow for rounding.
    const firmTotal = (await sim.accounts()).reduce((sum, account) => sum + account.figures.netLiquidation, 0);
    const firmCell = page.getByTestId("firm-totals").locator('[data-figure="netLiquidation"]');
    await expect.poll(async () => Math.abs((await shownNumber(firmCell)) - firmTotal)).toBeLessThanOrEqual(1);
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
    let eventsOverWebSocket = 0;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        // "42…" is a Socket.IO event, "45…" one with binary parts (the stream's snapshots and
        // deltas): they travel over the WebSocket only once the upgrade is done.
        if (typeof message === "string" && /^4[25]/.test(message)) eventsOverWebSocket += 1;
        ws.send(message);
      });
      sockets.push(ws);
    });
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("socket-banner")).toHaveCount(0);
    // Socket.IO starts on HTTP long-polling and upgrades; closing the WebSocket during the
    // upgrade probe would only cancel the upgrade.
    await expect.poll(() => eventsOverWebSocket).toBeGreaterThan(0);

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
