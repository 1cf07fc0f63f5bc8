import { expect, test } from "./login";
import { shownNumber } from "./figures";
import { sim } from "./sim-control";

test.afterEach(async () => {
  await sim.resume();
});

test("the positions grid shows the simulator's positions and drops one that closes", async ({ page }) => {
  await sim.pause();
  const positions = await sim.positions();
  await page.goto("/positions");
  const grid = page.getByTestId("positions-grid");
  await expect(grid).toHaveAttribute("data-row-count", String(positions.length));

  const chosen = positions.find((p) => p.secType === "STK") ?? positions[0]!;
  const key = `${chosen.account}|${chosen.conId}`;
  await page.getByTestId("positions-filter").fill(chosen.localSymbol);
  const row = page.locator(`[data-testid="position-row"][data-key="${key}"]`);
  await expect(row).toBeVisible();
  await expect.poll(() => shownNumber(row.locator('[data-col="position"]'))).toBe(chosen.position);
  await expect.poll(() => shownNumber(row.locator('[data-col="marketValue"]'))).toBe(Math.round(chosen.value));

  await sim.trade(chosen.account, chosen.conId, 0);
  await expect(row).toHaveCount(0);
  await page.getByTestId("positions-filter").fill("");
  await expect(grid).toHaveAttribute("data-row-count", String(positions.length - 1));
});
