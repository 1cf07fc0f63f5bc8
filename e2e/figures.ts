import type { Locator, Page } from "@playwright/test";

/** "1,234,567 USD" / "+1,234" / "−1,234 USD" / "-3" → a number. */
export function parseNumber(text: string): number {
  const normalised = text.replace(/\u2212/g, "-").replace(/[^\d.+-]/g, "");
  const value = Number(normalised);
  if (normalised === "" || !Number.isFinite(value)) throw new Error(`not a number: "${text}"`);
  return value;
}

export async function shownNumber(cell: Locator): Promise<number> {
  return parseNumber(await cell.innerText());
}

export function accountFigure(page: Page, account: string, figure: string): Locator {
  return page.locator(`[data-testid="account-row"][data-account="${account}"] [data-figure="${figure}"]`);
}
