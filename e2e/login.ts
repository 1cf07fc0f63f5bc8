import { expect, test as base, type Page } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "../playwright.config";

/** The demo's users (scripts/demo.mjs seeds them). */
export type DemoUser = "viewer" | "risk" | "admin";

/** Logs the page's browser context in through the API, as the login page does: the session cookie is shared with the page. */
export async function logIn(page: Page, user: DemoUser, baseURL: string): Promise<void> {
  const session = await page.request.get(`${baseURL}/api/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await page.request.post(`${baseURL}/api/login`, {
    headers: { origin: baseURL, "x-csrf-token": csrfToken },
    data: { name: user, password: E2E_DEMO_PASSWORD },
  });
  expect(response.status(), `logging in as ${user}`).toBe(200);
}

/** Playwright's test with a page already logged in, as `user` (the risk manager unless a file says otherwise). */
export const test = base.extend<{ user: DemoUser }>({
  user: ["risk", { option: true }],
  page: async ({ page, user, baseURL }, provide) => {
    await logIn(page, user, baseURL!);
    await provide(page);
  },
});

export { expect };
