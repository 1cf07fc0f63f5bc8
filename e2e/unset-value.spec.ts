import { expect, test } from "./login";
import { accountFigure, parseNumber, shownNumber } from "./figures";
import { sim } from "./sim-control";

/** Net liquidation and what the account row computes from it: unavailable together. */
const UNAVAILABLE_WITH_NET_LIQUIDATION = new Set(["netLiquidation", "marginUtilisation"]);

test.describe("a figure IB sends as unset", () => {
  let overridden: string | undefined;
  test.afterEach(async () => {
    if (overridden) await sim.overrideAccountValue(overridden, "NetLiquidation", null);
  });

  test("shows as unavailable, and every other figure live", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    const [target, ...others] = await sim.accounts();
    if (!target || others.length === 0) throw new Error("the simulator needs two accounts");
    const targetNetLiq = accountFigure(page, target.id, "netLiquidation");
    await expect.poll(() => shownNumber(targetNetLiq)).toBeGreaterThan(0);

    overridden = target.id;
    await sim.overrideAccountValue(target.id, "NetLiquidation", "unset");
    await expect(targetNetLiq).toHaveText("n/a");
    await expect(targetNetLiq).toHaveAttribute("title", "IB sent no value");
    await expect(accountFigure(page, target.id, "marginUtilisation")).toHaveText("n/a");
    // The firm's total includes it: unavailable as a whole, never a partial sum.
    await expect(page.getByTestId("firm-totals").locator('[data-figure="netLiquidation"]')).toHaveText("n/a");

    // Everything else is a live number: the target's other figures, and every other account's.
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    // Read in one pass: cell by cell, a loaded machine spends the test's minute on round trips.
    const cells = await page.locator('[data-testid="account-row"] [data-figure]').evaluateAll((elements) =>
      elements.map((cell) => ({
        row: cell.closest("tr")?.getAttribute("data-account") ?? "",
        figure: cell.getAttribute("data-figure") ?? "",
        flags: ["data-unavailable", "data-stale", "data-refused"].filter((flag) => cell.hasAttribute(flag)),
        text: (cell as HTMLElement).innerText,
      })),
    );
    expect(cells.length).toBeGreaterThan(others.length * 8);
    for (const { row, figure, flags, text } of cells) {
      if (row === target.id && UNAVAILABLE_WITH_NET_LIQUIDATION.has(figure)) continue;
      expect(flags, `${row} ${figure}`).toEqual([]);
      expect(Number.isFinite(parseNumber(text)), `${row} ${figure}`).toBe(true);
    }
  });
});
