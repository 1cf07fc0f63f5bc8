import type { Page } from "@playwright/test";
import { expect, test } from "./login";
import { accountFigure } from "./figures";
import { sim } from "./sim-control";

/** The account whose maintenance margin a test overrides, to give it back its true value. */
let overridden: string | undefined;

test.afterEach(async () => {
  if (overridden) await sim.overrideAccountValue(overridden, "MaintMarginReq", null);
  overridden = undefined;
});

/** Opens the overview, live, and finds an account whose margin utilisation is not critical yet. */
async function accountBelowCritical(page: Page) {
  await page.goto("/");
  await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
  for (const account of await sim.accounts()) {
    const gauge = accountFigure(page, account.id, "marginUtilisation");
    await expect(gauge).toContainText(/OK|Warning|Critical/);
    if (!(await gauge.innerText()).includes("Critical")) return account;
  }
  throw new Error("every simulated account is already critical");
}

test("a margin utilisation that crosses into critical is marked with its new level in words", async ({ page }) => {
  const account = await accountBelowCritical(page);
  const gauge = accountFigure(page, account.id, "marginUtilisation");
  await expect(gauge.getByTestId("verdict-change")).toHaveCount(0);

  overridden = account.id;
  await sim.overrideAccountValue(account.id, "MaintMarginReq", Math.round(account.figures.netLiquidation * 0.95));
  await expect(gauge).toContainText("Critical");
  await expect(gauge.getByTestId("verdict-change")).toHaveAttribute("data-label", "\u2716 now Critical");
  // The cell's own text stays the gauge's: the marker draws its words from an attribute.
  expect(await gauge.innerText()).not.toContain("now");
  // Only the figure whose verdict changed is marked.
  await expect(page.locator('[data-testid="account-row"] [data-testid="verdict-change"]')).toHaveCount(1);
});

test("a figure that turns stale is marked as such, then as fresh again", async ({ page }) => {
  const account = await accountBelowCritical(page);
  const margin = accountFigure(page, account.id, "maintMargin");

  overridden = account.id;
  await sim.overrideAccountValue(account.id, "MaintMarginReq", "garbage");
  await expect(margin).toHaveAttribute("data-refused", "true");
  await expect(margin.getByTestId("verdict-change")).toHaveAttribute("data-label", "\u26a0 now stale");

  await sim.overrideAccountValue(account.id, "MaintMarginReq", null);
  overridden = undefined;
  await expect(margin).not.toHaveAttribute("data-refused");
  await expect(margin.getByTestId("verdict-change")).toHaveAttribute("data-label", "\u2713 fresh again");
});
