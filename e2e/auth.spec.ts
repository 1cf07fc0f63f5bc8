import { expect, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "../playwright.config";
import { shownNumber } from "./figures";
import { sim } from "./sim-control";

const ROLES = [
  { user: "viewer", role: "Viewer" },
  { user: "risk", role: "Risk manager" },
  { user: "admin", role: "Admin" },
] as const;

for (const { user, role } of ROLES) {
  test(`without a session the desk sends you to log in; ${user} logs in, sees its name and role, and logs out`, async ({ page }) => {
    await page.goto("/positions");
    await expect(page).toHaveURL(/\/login\?next=%2Fpositions/);
    await page.getByLabel("User").fill(user);
    await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/positions$/);
    const menu = page.getByTestId("user-menu");
    await expect(menu).toContainText(user);
    await expect(menu).toContainText(role);
    await expect(page.getByTestId("positions-grid")).toBeVisible();

    await menu.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });
}

test("a wrong password is refused on the login page", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("User").fill("risk");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  // Next.js keeps a route announcer with the alert role too: the form's own is meant.
  await expect(page.locator("form").getByRole("alert")).toHaveText("wrong user name or password");
  await expect(page).toHaveURL(/\/login$/);
});

test("a viewer limited to the Income group sees only its accounts, and totals over them alone", async ({ page }) => {
  await sim.pause();
  const income = (await sim.groups()).find((group) => group.name === "Income")!;
  await page.goto("/login");
  await page.getByLabel("User").fill("viewer");
  await page.getByLabel("Password").fill(E2E_DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/$/);

  const rows = page.locator('[data-testid="account-row"]');
  await expect(rows).toHaveCount(income.accounts.length);
  expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-account")))).sort()).toEqual([...income.accounts].sort());
  const options = await page.getByTestId("scope-selector").locator("option").evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
  for (const option of options) expect(["all", "group:Income", ...income.accounts.map((id) => `account:${id}`)]).toContain(option);

  const accounts = await sim.accounts();
  const incomeTotal = accounts.filter((a) => income.accounts.includes(a.id)).reduce((sum, a) => sum + a.figures.netLiquidation, 0);
  const total = page.getByTestId("firm-totals").locator('[data-figure="netLiquidation"]');
  await expect.poll(async () => Math.abs((await shownNumber(total)) - incomeTotal)).toBeLessThanOrEqual(1);
  await sim.resume();
});
