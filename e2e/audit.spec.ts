import { readFile } from "node:fs/promises";
import { addUserAsAdmin } from "./admin-api";
import { expect, logIn, test } from "./login";
import { sim } from "./sim-control";

test("a risk manager filters the audit log by action and user, sees the admin's changes, and downloads them as CSV", async ({ page, browser, baseURL }) => {
  const group = (await sim.groups())[0]!;
  const name = `audited-${Date.now()}`;
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, "admin", baseURL!);
  await addUserAsAdmin(admin.request, baseURL!, { name, role: "viewer", password: "an audited password", grants: [`group:${group.name}`] });
  await adminContext.close();

  await page.goto("/audit");
  const filters = page.getByTestId("audit-filters");
  const rows = page.locator('[data-testid="audit-row"]');
  await expect(rows.first()).toBeVisible();

  await filters.getByLabel("User").fill("admin");
  await filters.getByLabel("Action").fill("user.added");
  await filters.getByRole("button", { name: "Filter" }).click();
  const added = rows.filter({ hasText: `"user":"${name}"` });
  await expect(added).toHaveCount(1);
  await expect(added).toContainText('"role":"viewer"');
  await expect.poll(() => rows.evaluateAll((els) => els.every((el) => el.getAttribute("data-action") === "user.added" && el.getAttribute("data-actor") === "admin"))).toBe(true);

  await filters.getByLabel("Action").fill("grant.added");
  await filters.getByRole("button", { name: "Filter" }).click();
  const granted = rows.filter({ hasText: `"user":"${name}"` });
  await expect(granted).toHaveCount(1);
  await expect(granted).toContainText(`"grant":"group:${group.name}"`);
  await expect.poll(() => rows.evaluateAll((els) => els.every((el) => el.getAttribute("data-action") === "grant.added"))).toBe(true);

  const link = page.getByTestId("audit-csv");
  await expect(link).toHaveAttribute("href", "/api/audit.csv?actor=admin&action=grant.added");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^riskdesk-audit-.*\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toBe("id,at,actor,address,action,outcome,details");
  const records = lines.slice(1);
  expect(records.length).toBe(await rows.count());
  for (const line of records) expect(line).toMatch(/^\d+,[^,]+,admin,[^,]*,grant\.added,ok,/);
  expect(records.some((line) => line.includes(`""user"":""${name}""`) && line.includes(`""grant"":""group:${group.name}""`))).toBe(true);
});
