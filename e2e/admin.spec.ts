import { expect, test } from "./login";
import { E2E_DEMO_PASSWORD } from "../playwright.config";
import { sim } from "./sim-control";

test.describe("an admin", () => {
  test.use({ user: "admin" });

  test("adds a user granted one FA group; that user sees exactly the group's accounts and nothing else", async ({ page, browser }) => {
    const groups = await sim.groups();
    // Not Income, which the demo's viewer already holds: a group nobody was granted.
    const group = groups.find((candidate) => candidate.name !== "Income" && candidate.accounts.length >= 1)!;
    const accounts = (await sim.accounts()).map((account) => account.id);
    expect(accounts.length).toBeGreaterThan(group.accounts.length);
    const name = `grp-${Date.now()}`;
    const password = "a new user's password";

    await page.goto("/admin");
    const users = page.getByTestId("users-table");
    await expect(users.locator('[data-testid="user-row"][data-user="admin"]')).toBeVisible();

    const form = page.getByTestId("add-user-form");
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByLabel("Password").fill(password);
    await form.getByTestId("grants-editor").locator(`input[value="group:${group.name}"]`).check();
    await form.getByRole("button", { name: "Add user" }).click();
    const row = users.locator(`[data-testid="user-row"][data-user="${name}"]`);
    await expect(row.getByTestId("user-grants")).toHaveText(`Group ${group.name}`);
    await expect(row.getByLabel(`Role of ${name}`)).toHaveValue("viewer");

    // A refusal is shown, and nothing is added: the name is taken.
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByRole("alert")).toHaveText(`a user named ${name} exists already`);

    const context = await browser.newContext();
    const theirs = await context.newPage();
    await theirs.goto("/login");
    await theirs.getByLabel("User").fill(name);
    await theirs.getByLabel("Password").fill(password);
    await theirs.getByRole("button", { name: "Log in" }).click();
    await expect(theirs).toHaveURL(/\/(\?.*)?$/);

    const rows = theirs.locator('[data-testid="account-row"]');
    await expect(rows).toHaveCount(group.accounts.length);
    expect((await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-account")))).sort()).toEqual([...group.accounts].sort());
    const selector = theirs.getByTestId("scope-selector");
    const options = await selector.locator("option").evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(options.filter((option) => option.startsWith("group:"))).toEqual([`group:${group.name}`]);
    expect(options.filter((option) => option.startsWith("account:")).sort()).toEqual(group.accounts.map((id) => `account:${id}`).sort());
    await expect(theirs.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await expect(theirs.getByRole("link", { name: "Audit" })).toHaveCount(0);
    await context.close();
  });
});

test.describe("a viewer", () => {
  test.use({ user: "viewer" });

  test("sees no Admin or Audit link, and the admin and audit APIs refuse it", async ({ page, baseURL }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: "History" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Audit" })).toHaveCount(0);

    for (const path of ["/api/admin/users", "/api/audit", "/api/audit.csv"]) expect((await page.request.get(`${baseURL}${path}`)).status(), path).toBe(403);
    const { csrfToken } = (await (await page.request.get(`${baseURL}/api/session`)).json()) as { csrfToken: string };
    const add = await page.request.post(`${baseURL}/api/admin/users`, {
      headers: { origin: baseURL!, "x-csrf-token": csrfToken },
      data: { name: "promoted", role: "admin", password: E2E_DEMO_PASSWORD },
    });
    expect(add.status()).toBe(403);

    // The page itself loads, but shows the refusal rather than any user.
    await page.goto("/admin");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("only admin");
  });
});

test.describe("a risk manager", () => {
  test("sees the Audit link but not the Admin one", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: "Audit" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });
});
