import type { Browser } from "@playwright/test";
import { io } from "socket.io-client";
import { AUDIT_PATH, auditPageSchema, CANCEL_ACTIONS_FILTER, CONTROL_ACTIONS, MAX_AUDIT_PAGE_SIZE, type AuditRecord } from "../lib/audit";
import { expect, logIn, test } from "./login";
import type { SimOrderView } from "../server/sim/gateway";
import { isWorkingOrder, sim } from "./sim-control";

/** The cancel steps in the audit log, oldest first, as a risk manager reads them through the audit API. */
async function cancelAudit(browser: Browser, baseURL: string): Promise<AuditRecord[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logIn(page, "risk", baseURL);
    const response = await page.request.get(`${baseURL}${AUDIT_PATH}?action=${encodeURIComponent(CANCEL_ACTIONS_FILTER)}&pageSize=${MAX_AUDIT_PAGE_SIZE}`);
    expect(response.status()).toBe(200);
    return auditPageSchema.parse(await response.json()).records.reverse();
  } finally {
    await context.close();
  }
}

const workingInSim = async () => (await sim.orders()).filter(isWorkingOrder);

// Prices stand still, so no order fills while a test counts them.
test.beforeEach(async () => {
  await sim.pause();
});

test.afterEach(async () => {
  await sim.resume();
});

test.describe("a risk manager", () => {
  test("cancels all orders: the dialog counts them, the blotter empties, the simulator confirms, the audit page shows every step", async ({ page }) => {
    const accounts = (await sim.accounts()).map((account) => account.id);
    // Orders from several client ids, one of them typed in TWS, on top of the simulator's own.
    await sim.placeOrder({ account: accounts[0]!, symbol: "AAPL", action: "BUY", quantity: 10, orderType: "LMT", lmtPrice: 1, tif: "GTC", clientId: 5 });
    await sim.placeOrder({ account: accounts[1]!, symbol: "MSFT", action: "SELL", quantity: 5, orderType: "LMT", lmtPrice: 99999, clientId: 0 });
    const working = await workingInSim();

    await page.goto("/blotter");
    await expect(page.getByTestId("blotter-grid")).toHaveAttribute("data-row-count", String(working.length));
    await expect(page.locator('[data-testid="order-row"] [data-col="clientId"]', { hasText: /^5$/ })).toHaveCount(1);

    await page.getByTestId("emergency-cancel").click();
    const dialog = page.getByTestId("cancel-dialog");
    await expect(dialog.getByTestId("cancel-target-count")).toHaveText(new RegExp(`^${working.length} working orders in \\d+ accounts`));
    const send = dialog.getByTestId("cancel-send");
    await dialog.getByTestId("cancel-reason").fill("end-to-end: runaway strategy");
    await dialog.getByTestId("cancel-phrase").fill("cancel all");
    await expect(send).toBeDisabled();
    await dialog.getByTestId("cancel-phrase").fill("CANCEL ALL");
    await send.click();

    await expect(dialog.getByTestId("cancel-result")).toHaveAttribute("data-verified", "true", { timeout: 30_000 });
    await expect(dialog.locator('[data-testid="cancel-outcome"][data-outcome="cancelled"]')).toHaveCount(working.length);
    await dialog.getByTestId("cancel-close").click();
    await expect(page.getByTestId("blotter-empty")).toBeVisible();

    expect(await workingInSim()).toEqual([]);
    const cancelled = new Set((await sim.orders()).filter((order) => order.status === "Cancelled").map((order) => order.permId));
    for (const order of working) expect(cancelled.has(order.permId), `order ${order.permId} cancelled in the simulator`).toBe(true);

    // The audit page shows the action: every step, by this risk manager, readable.
    await page.goto("/audit");
    const filters = page.getByTestId("audit-filters");
    for (const action of [CANCEL_ACTIONS_FILTER, ...CONTROL_ACTIONS]) await expect(filters.locator(`datalist option[value="${action}"]`)).toHaveCount(1);
    await filters.getByLabel("User").fill("risk");
    await filters.getByLabel("Action").fill(CANCEL_ACTIONS_FILTER);
    await filters.getByRole("button", { name: "Filter" }).click();
    const steps = page.locator('[data-testid="audit-row"]').filter({ hasText: 'reason "end-to-end: runaway strategy"' });
    await expect(steps).toHaveCount(4);
    expect(await steps.evaluateAll((rows) => rows.map((row) => [row.getAttribute("data-action"), row.getAttribute("data-actor")]))).toEqual([
      ["orders.cancel.verified", "risk"],
      ["orders.cancel.answered", "risk"],
      ["orders.cancel.sent", "risk"],
      ["orders.cancel.requested", "risk"],
    ]);
    const step = (action: string) => steps.and(page.locator(`[data-action="${action}"]`));
    await expect(step("orders.cancel.requested")).toContainText(`${working.length} working orders aimed at`);
    await expect(step("orders.cancel.requested")).toContainText('confirmed with "CANCEL ALL"');
    await expect(step("orders.cancel.sent")).toContainText("Sent to IB: reqGlobalCancel");
    await expect(step("orders.cancel.answered")).toContainText("202 Order Canceled - reason:");
    await expect(step("orders.cancel.verified")).toContainText(`Outcome, verified in IB's list: ${working.length} orders: ${working.length} cancelled`);
    await expect(step("orders.cancel.verified").locator("td").nth(4)).toHaveText("ok");
  });

  test("a cancel while the link to IB is down is refused with the message, and the order stays", async ({ page }) => {
    const account = (await sim.accounts())[0]!.id;
    const { permId } = await sim.placeOrder({ account, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1, clientId: 4 });
    await page.goto("/blotter");
    await expect(page.locator(`[data-testid="order-row"][data-key="${account}:${permId}"]`)).toBeVisible();

    await sim.restart(12_000);
    await expect(page.getByTestId("link-pill")).not.toHaveAttribute("data-state", "live");
    await page.getByTestId("emergency-cancel").click();
    const dialog = page.getByTestId("cancel-dialog");
    await dialog.getByTestId("cancel-phrase").fill("CANCEL ALL");
    await dialog.getByTestId("cancel-reason").fill("end-to-end: link down");
    await dialog.getByTestId("cancel-send").click();
    await expect(dialog.getByTestId("cancel-error")).toHaveText("the link to IB is down: call IB's trade desk to cancel orders");
    expect((await workingInSim()).map((order) => order.permId)).toContain(permId);

    // Back to a live link for whatever runs next.
    await expect(page.getByTestId("link-pill")).toHaveAttribute("data-state", "live", { timeout: 45_000 });
  });
});

test("a risk manager cancels one account's orders from the blotter; other accounts keep theirs", async ({ page, browser, baseURL }) => {
  const [first, second] = (await sim.accounts()).map((account) => account.id);
  // Client ids whose order ids no other client uses, so IB can find them by id.
  const mine = [
    await sim.placeOrder({ account: first!, symbol: "AAPL", action: "BUY", quantity: 2, orderType: "LMT", lmtPrice: 1, clientId: 1 }),
    await sim.placeOrder({ account: first!, symbol: "MSFT", action: "SELL", quantity: 2, orderType: "LMT", lmtPrice: 99999, clientId: 7 }),
  ];
  const other = await sim.placeOrder({ account: second!, symbol: "AAPL", action: "BUY", quantity: 2, orderType: "LMT", lmtPrice: 1, clientId: 1 });
  await page.goto("/blotter");
  await expect(page.locator(`[data-testid="order-row"][data-key="${second}:${other.permId}"]`)).toBeVisible();
  await page.getByTestId("blotter-account").selectOption(first!);
  await page.getByTestId("blotter-scoped-cancel").click();
  const dialog = page.getByTestId("cancel-dialog");
  await dialog.getByTestId("cancel-phrase").fill(`CANCEL ${first}`);
  await dialog.getByTestId("cancel-reason").fill("end-to-end: one account");
  await dialog.getByTestId("cancel-send").click();
  await expect(dialog.getByTestId("cancel-result")).toBeVisible({ timeout: 30_000 });
  const orders = await sim.orders();
  for (const { permId } of mine) expect(orders.find((order) => order.permId === permId)?.status).toBe("Cancelled");
  expect(orders.find((order) => order.permId === other.permId)?.status).toBe("Submitted");
  const sent = (await cancelAudit(browser, baseURL!)).find((record) => record.action === "orders.cancel.sent" && record.details.reason === "end-to-end: one account");
  expect(sent?.details.request).toBe("cancelOrder");
});

test("a risk manager cancels one FA group's orders from the group's overview; accounts outside it keep theirs", async ({ page, browser, baseURL }) => {
  const accounts = (await sim.accounts()).map((account) => account.id);
  const group = (await sim.groups()).find((candidate) => candidate.accounts.length > 0 && accounts.some((id) => !candidate.accounts.includes(id)));
  expect(group, "an FA group that leaves some account out").toBeDefined();
  const member = group!.accounts[0]!;
  const outsider = accounts.find((id) => !group!.accounts.includes(id))!;
  const inGroup = [
    await sim.placeOrder({ account: member, symbol: "AAPL", action: "BUY", quantity: 3, orderType: "LMT", lmtPrice: 1, clientId: 1 }),
    await sim.placeOrder({ account: member, symbol: "MSFT", action: "SELL", quantity: 3, orderType: "LMT", lmtPrice: 99999, clientId: 7 }),
  ];
  const outside = await sim.placeOrder({ account: outsider, symbol: "AAPL", action: "BUY", quantity: 3, orderType: "LMT", lmtPrice: 1, clientId: 7 });
  const ofGroup = (order: SimOrderView) => group!.accounts.includes(order.account) || order.faGroup === group!.name;
  const expected = (await workingInSim()).filter(ofGroup).length;
  const workingOutside = (await workingInSim()).filter((order) => !ofGroup(order)).map((order) => order.permId);
  expect(workingOutside).toContain(outside.permId);

  await page.goto(`/?scope=group:${encodeURIComponent(group!.name)}`);
  const control = page.getByTestId("scope-cancel");
  await expect(control).toHaveText(`Cancel orders in Group ${group!.name}`);
  await control.click();
  const dialog = page.getByTestId("cancel-dialog");
  await expect(dialog.getByTestId("cancel-target-count")).toHaveText(new RegExp(`^${expected} working orders? in `));
  await dialog.getByTestId("cancel-phrase").fill("CANCEL ALL");
  await dialog.getByTestId("cancel-reason").fill("end-to-end: one group");
  await expect(dialog.getByTestId("cancel-send")).toBeDisabled();
  await dialog.getByTestId("cancel-phrase").fill(`CANCEL ${group!.name}`);
  await dialog.getByTestId("cancel-send").click();
  await expect(dialog.getByTestId("cancel-result")).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId("cancel-outcome").first()).toBeVisible();

  const orders = await sim.orders();
  for (const { permId } of inGroup) expect(orders.find((order) => order.permId === permId)?.status, `order ${permId} in ${member}`).toBe("Cancelled");
  expect(orders.find((order) => order.permId === outside.permId)?.status, `order ${outside.permId} in ${outsider}`).toBe("Submitted");
  const stillWorking = new Set((await workingInSim()).map((order) => order.permId));
  for (const permId of workingOutside) expect(stillWorking.has(permId), `order ${permId} outside the group still works`).toBe(true);

  const steps = (await cancelAudit(browser, baseURL!)).filter((record) => record.details.reason === "end-to-end: one group");
  expect(steps.map((record) => [record.action, record.actor, record.details.scope])).toEqual([
    ["orders.cancel.requested", "risk", `group:${group!.name}`],
    ["orders.cancel.sent", "risk", `group:${group!.name}`],
    ["orders.cancel.answered", "risk", `group:${group!.name}`],
    ["orders.cancel.verified", "risk", `group:${group!.name}`],
  ]);
  expect(steps[1]!.details.request).toBe("cancelOrder");
});

test.describe("a viewer", () => {
  test.use({ user: "viewer" });

  test("sees no cancel control, and the server refuses a cancel forged on its socket", async ({ page, browser, baseURL }) => {
    await page.goto("/blotter");
    await expect(page.getByTestId("blotter-count")).toHaveText(/working orders/);
    await expect(page.getByTestId("user-menu")).toBeVisible();
    await expect(page.getByTestId("emergency-cancel")).toHaveCount(0);
    await expect(page.getByTestId("blotter-scoped-cancel")).toHaveCount(0);
    await page.goto(`/?scope=group:${encodeURIComponent((await sim.groups())[0]!.name)}`);
    await expect(page.getByTestId("firm-totals")).toBeVisible();
    await expect(page.getByTestId("scope-cancel")).toHaveCount(0);

    const account = (await sim.accounts())[0]!.id;
    await sim.placeOrder({ account, symbol: "AAPL", action: "BUY", quantity: 1, orderType: "LMT", lmtPrice: 1, clientId: 8 });
    const before = (await workingInSim()).length;
    const cookie = (await page.context().cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
    const socket = io(baseURL!, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie, origin: baseURL! } });
    try {
      const answer: unknown = await socket.timeout(20_000).emitWithAck("orders:cancel", { scope: "all", confirmation: "CANCEL ALL", reason: "forged by a viewer" });
      expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/only a risk manager or an admin/) });
    } finally {
      socket.disconnect();
    }
    expect((await workingInSim()).length).toBe(before);
    const refused = (await cancelAudit(browser, baseURL!)).filter((record) => record.action === "orders.cancel.refused" && record.details.reason === "forged by a viewer");
    expect(refused.map((record) => record.actor)).toEqual(["viewer"]);
  });
});
