import type { Page } from "@playwright/test";
import { expect, logIn, test } from "./login";
import { sim, type SimAccount } from "./sim-control";

/** The engine's default critical margin utilisation (RISK_UTILISATION_CRITICAL). */
const CRITICAL_UTILISATION = 0.8;
/** The squeeze: the account first buys on margin up to this utilisation... */
const LEVERED_UTILISATION = 0.72;
/** ...then the holding falls this much at a time until the utilisation crosses into critical. */
const SHOCK_STEP_PERCENT = -3;
const MAX_SHOCK_STEPS = 20;

const utilisation = ({ figures }: SimAccount) => figures.maintMargin / figures.netLiquidation;

/**
 * The largest stock holding of an account of group Income (the one the demo's viewer may see)
 * whose margin utilisation is not critical yet: the squeeze's target.
 */
async function squeezeTarget() {
  const income = (await sim.groups()).find((group) => group.name === "Income");
  if (!income) throw new Error("the demo has no group Income");
  const accounts = new Map((await sim.accounts()).map((account) => [account.id, account]));
  const holdings = (await sim.positions())
    .filter((position) => position.secType === "STK" && position.position > 0 && income.accounts.includes(position.account))
    .filter((position) => utilisation(accounts.get(position.account)!) < CRITICAL_UTILISATION * 0.9)
    .sort((a, b) => b.value - a.value);
  const target = holdings[0];
  if (!target) throw new Error("no long stock holding in an Income account below critical");
  const figures = accounts.get(target.account)!.figures;
  // A long stock's maintenance margin is 25 % of its value (server/sim/model/margin.ts).
  const price = target.value / target.position;
  const quantity = Math.floor((LEVERED_UTILISATION * figures.netLiquidation - figures.maintMargin) / 0.25 / price);
  return { account: target.account, conId: target.conId, symbol: target.localSymbol, quantity };
}

/** Polls the simulator's own figures and resolves with the time the account's utilisation crosses into critical. */
async function simCrossing(account: string, stop: { done: boolean }): Promise<number> {
  while (!stop.done) {
    const figures = (await sim.accounts()).find((candidate) => candidate.id === account)!;
    if (utilisation(figures) >= CRITICAL_UTILISATION) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the simulator's margin utilisation of ${account} never crossed ${CRITICAL_UTILISATION}`);
}

const criticalMarginAlert = (page: Page, account: string) =>
  page.locator(`[data-testid="alert-feed"] [data-testid="alert"][data-rule="marginUtilisation"][data-scope="account:${account}"][data-level="critical"]`);

let undoSqueeze: (() => Promise<unknown>) | null = null;
test.afterEach(async () => {
  await undoSqueeze?.();
  undoSqueeze = null;
});

test("a margin squeeze raises the critical alert on the page within 2 s; a risk manager acknowledges it with a note; a viewer cannot", async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  const { account, conId, symbol, quantity } = await squeezeTarget();
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
  const stop = { done: false };
  const crossed = simCrossing(account, stop);
  const shown = alert.waitFor({ timeout: 60_000 }).then(() => Date.now());
  let steps = 0;
  undoSqueeze = async () => {
    for (let step = 0; step < steps; step++) await sim.shock(100 / (1 + SHOCK_STEP_PERCENT / 100) - 100, symbol);
    await sim.trade(account, conId, -quantity);
  };
  await sim.trade(account, conId, quantity);
  let crossedAt: number | null = null;
  void crossed.then(
    (at) => (crossedAt = at),
    () => undefined,
  );
  // A step at a time, so the figure crosses by a small margin rather than through a zero net liquidation.
  while (crossedAt === null && steps < MAX_SHOCK_STEPS) {
    await sim.shock(SHOCK_STEP_PERCENT, symbol);
    steps += 1;
    const settled = Date.now() + 1_500;
    while (crossedAt === null && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop.done = true;
  const [crossingAt, shownAt] = await Promise.all([crossed, shown]);
  console.log(`alerts.spec: ${account} bought ${quantity} ${symbol} on margin, crossed ${CRITICAL_UTILISATION} after ${steps} shock(s) of ${SHOCK_STEP_PERCENT}% on ${symbol}; alert shown ${shownAt - crossingAt} ms after the simulator's crossing`);
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
