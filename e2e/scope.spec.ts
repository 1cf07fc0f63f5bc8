import { expect, test } from "./login";
import { shownNumber } from "./figures";
import { sim } from "./sim-control";

test.afterEach(async () => {
  await sim.resume();
});

test("an FA group's totals equal the sum of its member accounts on the page", async ({ page }) => {
  await sim.pause();
  const groups = await sim.groups();
  const group = groups.find((candidate) => candidate.accounts.length >= 2);
  if (!group) throw new Error("the simulator has no FA group of two or more accounts");

  await page.goto("/");
  await page.getByTestId("scope-selector").selectOption(`group:${group.name}`);
  await expect(page).toHaveURL(new RegExp(`scope=group(%3A|:)${encodeURIComponent(group.name)}`));

  const rows = page.locator('[data-testid="account-row"]');
  await expect(rows).toHaveCount(group.accounts.length);
  expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-account")))).sort()).toEqual(
    [...group.accounts].sort(),
  );

  const total = page.getByTestId("firm-totals").locator('[data-figure="netLiquidation"]');
  const memberCells = rows.locator('[data-figure="netLiquidation"]');
  // Each shown figure is rounded to whole units: the sum may differ by one unit per account.
  await expect
    .poll(async () => {
      const members = await Promise.all((await memberCells.all()).map(shownNumber));
      return Math.abs((await shownNumber(total)) - members.reduce((sum, value) => sum + value, 0));
    })
    .toBeLessThanOrEqual(group.accounts.length);

  const accounts = await sim.accounts();
  const simTotal = accounts.filter((a) => group.accounts.includes(a.id)).reduce((sum, a) => sum + a.figures.netLiquidation, 0);
  await expect.poll(async () => Math.abs((await shownNumber(total)) - simTotal)).toBeLessThanOrEqual(1);

  await page.reload();
  await expect(page.getByTestId("scope-selector")).toHaveValue(`group:${group.name}`);
  await expect(rows).toHaveCount(group.accounts.length);
});
