import { createClient } from "@libsql/client";
import { io } from "socket.io-client";
import { E2E_SQLITE_PATH } from "../playwright.config";
import { expect, test } from "./login";
import { isWorkingOrder, sim } from "./sim-control";

/** The demo server's audit log, read from its store (this branch has no audit page). */
async function cancelAudit(): Promise<Array<{ action: string; actor: string; outcome: string; details: Record<string, unknown> }>> {
  const store = createClient({ url: `file:${E2E_SQLITE_PATH}` });
  try {
    const { rows } = await store.execute("SELECT action, actor, outcome, details FROM AuditRecord WHERE action LIKE 'orders.cancel.%' ORDER BY id");
    return rows.map((row) => ({
      action: String(row.action),
      actor: String(row.actor),
      outcome: String(row.outcome),
      details: JSON.parse(String(row.details)) as Record<string, unknown>,
    }));
  } finally {
    store.close();
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
  test("cancels all orders: the dialog counts them, the blotter empties, the simulator and the audit log confirm", async ({ page }) => {
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

    const steps = (await cancelAudit()).filter((record) => record.actor === "risk" && record.details.reason === "end-to-end: runaway strategy");
    expect(steps.map((record) => record.action)).toEqual(["orders.cancel.requested", "orders.cancel.sent", "orders.cancel.answered", "orders.cancel.verified"]);
    expect(steps[1]!.details.request).toBe("reqGlobalCancel");
    expect(steps[3]!.outcome).toBe("ok");
    expect((steps[3]!.details.orders as unknown[]).length).toBe(working.length);
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

test("a risk manager cancels one account's orders from the blotter; other accounts keep theirs", async ({ page }) => {
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
  const sent = (await cancelAudit()).find((record) => record.action === "orders.cancel.sent" && record.details.reason === "end-to-end: one account");
  expect(sent?.details.request).toBe("cancelOrder");
});

test.describe("a viewer", () => {
  test.use({ user: "viewer" });

  test("sees no cancel control, and the server refuses a cancel forged on its socket", async ({ page, baseURL }) => {
    await page.goto("/blotter");
    await expect(page.getByTestId("blotter-count")).toHaveText(/working orders/);
    await expect(page.getByTestId("user-menu")).toBeVisible();
    await expect(page.getByTestId("emergency-cancel")).toHaveCount(0);
    await expect(page.getByTestId("blotter-scoped-cancel")).toHaveCount(0);

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
    const refused = (await cancelAudit()).filter((record) => record.action === "orders.cancel.refused" && record.details.reason === "forged by a viewer");
    expect(refused.map((record) => record.actor)).toEqual(["viewer"]);
  });
});
