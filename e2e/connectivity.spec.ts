import { expect, test } from "./login";
import { sim } from "./sim-control";

test.describe("connectivity", () => {
  test.afterEach(async () => {
    // Whatever a test did to the link, the next one starts with IB's servers reachable.
    await sim.connectivity(1102);
  });

  test("the connectivity panel lists each data farm the gateway reports, with its state", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    const panel = page.getByTestId("link-status-panel");
    const farms = panel.getByTestId("data-farm");
    await expect(farms).toHaveCount(3);
    for (const name of ["usfarm", "ushmds", "secdefnj"]) {
      await expect(panel.locator(`[data-testid="data-farm"][data-farm="${name}"]`)).toHaveAttribute("data-state", "ok");
    }
    await expect(panel).toContainText("Requests queued");
    await expect(page.getByTestId("link-banner")).toHaveCount(0);
  });

  test("1100 raises the banner and breaks the farms on the panel; 1102 clears them", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    await sim.connectivity(1100);
    const banner = page.getByTestId("link-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute("data-kind", "ibServersLost");
    await expect(banner).toContainText("1100");
    const panel = page.getByTestId("link-status-panel");
    await expect(panel.locator('[data-farm="usfarm"]')).toHaveAttribute("data-state", "broken");
    await expect(panel.locator('[data-farm="ushmds"]')).toHaveAttribute("data-state", "broken");

    await sim.connectivity(1102);
    await expect(banner).toHaveCount(0);
    await expect(panel.locator('[data-farm="usfarm"]')).toHaveAttribute("data-state", "ok");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
  });

  test("a dropped link raises the banner on every desk page until it is back", async ({ page }) => {
    await page.goto("/positions");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    await expect(page.getByTestId("link-banner")).toHaveCount(0);
    // Down long enough to be seen: the gateway refuses connections for a while, as in its daily restart.
    await sim.restart(5000);
    const banner = page.getByTestId("link-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute("data-kind", "down");
    await expect(banner).toContainText("IB link down");
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
  });

  test("a socket drop shows the banner and the reconnect clears it, with the positions reconciled on the panel", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live");
    const states: string[] = [];
    await page.exposeFunction("noteBanner", (kind: string) => states.push(kind));
    await page.evaluate(() => {
      const note = (window as unknown as { noteBanner: (kind: string) => void }).noteBanner;
      new MutationObserver(() => {
        const banner = document.querySelector('[data-testid="link-banner"]');
        if (banner) note(banner.getAttribute("data-kind") ?? "");
      }).observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    await sim.drop();
    // The reconnect follows within about a second: the banner was shown meanwhile, and is gone.
    await expect.poll(() => states.includes("down")).toBe(true);
    await expect(page.getByTestId("link-banner")).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId("last-reconcile")).toContainText("after reconnect");
  });
});
