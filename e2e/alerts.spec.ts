import type { Page } from "@playwright/test";
import { expect, logIn, test } from "./login";
import { sim, type SimAccount } from "./sim-control";

/** The engine's default critical margin utilisation (RISK_UTILISATION_CRITICAL). */
const CRITICAL_UTILISATION = 0.8;
/** The squeeze's peak utilisation, reached over RAMP_SECONDS: the figure crosses critical on the way up. */
const SQUEEZE_SEVERITY = 0.95;
const RAMP_SECONDS = 6;
/** Held long enough for the acknowledgement and the viewer's look; the test ends it early. */
const HOLD_SECONDS = 120;

const utilisation = ({ figures }: SimAccount) => figures.maintMargin / figures.netLiquidation;

/** An account of group Income (the one the demo's viewer may see) whose margin utilisation is well below critical: the squeeze's target. */
async function squeezeTarget(): Promise<string> {
  const income = (await sim.groups()).find((group) => group.name === "Income");
  if (!income) throw new Error("the demo has no group Income");
  const target = (await sim.accounts()).find((account) => income.accounts.includes(account.id) && utilisation(account) < CRITICAL_UTILISATION * 0.9);
  if (!target) throw new Error("no Income account below critical");
  return target.id;
}

/** Polls the simulator's own figures and resolves with the time the account's utilisation crosses into critical. */
async function simCrossing(account: string, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const figures = (await sim.accounts()).find((candidate) => candidate.id === account)!;
    if (utilisation(figures) >= CRITICAL_UTILISATION) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the simulator's margin utilisation of ${account} never crossed ${CRITICAL_UTILISATION}`);
}

const criticalMarginAlert = (page: Page, account: string) =>
  page.locator(`[data-testid="alert-feed"] [data-testid="alert"][data-rule="marginUtilisation"][data-scope="account:${account}"][data-level="critical"]`);

let squeeze: number | null = null;
test.afterEach(async () => {
  if (squeeze !== null) await sim.incident({ kind: "restore", id: squeeze });
  squeeze = null;
});

test("a margin squeeze raises the critical alert on the page within 2 s; a risk manager acknowledges it with a note; a viewer cannot", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const account = await squeezeTarget();
  // The browser's notifications, allowed and recorded instead of shown.
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    class RecordedNotification {
      static permission = "granted";
      static requestPermission = async () => "granted";
      constructor(title: string, options?: { body?: string }) {
        shown.push(`${title}: ${options?.body ?? ""}`);
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
  });
  await page.goto("/");
  await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
  const alert = criticalMarginAlert(page, account);
  await expect(alert).toHaveCount(0);

  // The page watches for the alert while the simulator's own figure is polled, both from before the squeeze.
  const crossed = simCrossing(account, Date.now() + 30_000);
  const shown = alert.waitFor({ timeout: 30_000 }).then(() => Date.now());
  squeeze = (await sim.incident({ kind: "margin-squeeze", account, severity: SQUEEZE_SEVERITY, rampSeconds: RAMP_SECONDS, holdSeconds: HOLD_SECONDS, recoverSeconds: 1 })).id;
  const [crossingAt, shownAt] = await Promise.all([crossed, shown]);
  console.log(`alerts.spec: the margin-squeeze incident took ${account} past ${CRITICAL_UTILISATION}; alert shown ${shownAt - crossingAt} ms after the simulator's crossing`);
  expect(shownAt - crossingAt, "the alert shows within 2 s of the simulator's figure crossing").toBeLessThanOrEqual(2_000);

  await expect(alert).toContainText("Critical");
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications.join("\n")))
    .toContain(`Critical: Account`);
  await alert.getByRole("button", { name: "Acknowledge" }).click();
  await alert.getByPlaceholder("Note (optional)").fill("client is wiring funds");
  await alert.getByRole("button", { name: "Confirm acknowledge" }).click();
  await expect(alert.getByTestId("acknowledged-by")).toContainText("Acknowledged by risk");
  await expect(alert.getByTestId("acknowledged-by")).toContainText("client is wiring funds");

  // The viewer (limited to group Income) sees the same alert, acknowledged, and no Acknowledge control anywhere.
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await logIn(viewerPage, "viewer", baseURL!);
  await viewerPage.goto("/alerts");
  const seenByViewer = criticalMarginAlert(viewerPage, account);
  await expect(seenByViewer.getByTestId("acknowledged-by")).toContainText("Acknowledged by risk");
  await expect(viewerPage.getByTestId("alert").first()).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(viewerPage.getByTestId("alert-history")).toContainText("client is wiring funds");
  await viewerContext.close();
});

test("the mute toggle silences critical alerts and is remembered across reloads", async ({ page }) => {
  await page.goto("/alerts");
  const mute = page.getByTestId("alert-mute");
  await expect(mute).toHaveAttribute("aria-pressed", "false");
  await mute.click();
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByTestId("alert-mute")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("alert-mute").click();
  await expect(page.getByTestId("alert-mute")).toHaveAttribute("aria-pressed", "false");
});

test.describe("alert rules", () => {
  test.use({ user: "admin" });

  test("an admin edits and saves a rule; the viewer reads the rules without a way to change them", async ({ page, browser, baseURL }) => {
    await page.goto("/alerts");
    const hold = page.getByLabel("drawdownPct hold seconds");
    const original = await hold.inputValue();
    await hold.fill("42");
    await page.getByRole("button", { name: "Save rules" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("drawdownPct hold seconds")).toHaveValue("42");

    const viewerContext = await browser.newContext();
    const viewerPage = await viewerContext.newPage();
    await logIn(viewerPage, "viewer", baseURL!);
    await viewerPage.goto("/alerts");
    await expect(viewerPage.getByTestId("alert-rules")).toContainText("Drawdown from intraday high");
    await expect(viewerPage.getByRole("button", { name: "Save rules" })).toHaveCount(0);
    await expect(viewerPage.getByLabel("drawdownPct hold seconds")).toHaveCount(0);
    await viewerContext.close();

    await page.getByLabel("drawdownPct hold seconds").fill(original);
    await page.getByRole("button", { name: "Save rules" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  });
});
