import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { RiskBook } from "./book";

function bookWith(accounts: string[]): RiskBook {
  const book = new RiskBook();
  book.listAccounts(accounts);
  return book;
}

describe("RiskBook accounts", () => {
  test("stamps changedAt only on values that changed", () => {
    const book = bookWith(["DU1"]);
    assert.equal(book.applyAccountValues("DU1", "USD", { netLiquidation: 100, maintMargin: 20 }, 1000).figures.length > 0, true);
    assert.equal(book.applyAccountValues("DU1", null, { netLiquidation: 100, maintMargin: 25 }, 2000).figures.length > 0, true);
    const { figures } = book.account("DU1")!;
    assert.deepEqual(figures.netLiquidation, { value: 100, changedAt: 1000 });
    assert.deepEqual(figures.maintMargin, { value: 25, changedAt: 2000 });
    assert.equal(book.applyAccountValues("DU1", null, { netLiquidation: 100 }, 3000).figures.length > 0, false);
  });

  test("derives margin utilisation as maintenance margin over net liquidation", () => {
    const book = bookWith(["DU1"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 200_000 }, 1);
    assert.equal(book.account("DU1")!.figures.marginUtilisation, undefined, "no margin yet, no ratio");
    book.applyAccountValues("DU1", null, { maintMargin: 50_000 }, 2);
    assert.deepEqual(book.account("DU1")!.figures.marginUtilisation, { value: 0.25, level: "ok", changedAt: 2 });
  });

  test("has no utilisation for a non-positive net liquidation, dropping the last one", () => {
    const book = bookWith(["DU1"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 100, maintMargin: 10 }, 1);
    assert.equal(book.account("DU1")!.figures.marginUtilisation?.value, 0.1);
    book.applyAccountValues("DU1", null, { netLiquidation: -5 }, 2);
    assert.equal(book.account("DU1")!.figures.marginUtilisation, undefined);
  });

  test("ignores values for accounts that are not listed and drops accounts that leave", () => {
    const book = bookWith(["DU1", "DU2"]);
    assert.equal(book.applyAccountValues("DU9", "USD", { netLiquidation: 1 }, 1).figures.length > 0, false);
    assert.deepEqual(book.listAccounts(["DU2", "DU3"]), { added: ["DU3"], removed: ["DU1"], removedPositions: [] });
    assert.deepEqual(book.accountIds(), ["DU2", "DU3"]);
  });
});

describe("RiskBook firm totals", () => {
  test("sums money figures and recomputes ratios from the sums", () => {
    const book = bookWith(["DU1", "DU2"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 300, maintMargin: 30, excessLiquidity: 200, grossPositionValue: 600, dailyPnL: -10 }, 1);
    book.applyAccountValues("DU2", "USD", { netLiquidation: 100, maintMargin: 50, excessLiquidity: 40, grossPositionValue: 200, dailyPnL: 25 }, 2);
    const firm = book.firm(3);
    assert.equal(firm.currency, "USD");
    assert.equal(firm.accountCount, 2);
    assert.equal(firm.figures.netLiquidation?.value, 400);
    assert.equal(firm.figures.dailyPnL?.value, 15);
    assert.equal(firm.figures.marginUtilisation?.value, 80 / 400);
    assert.equal(firm.figures.cushion?.value, 240 / 400);
    assert.equal(firm.figures.leverage?.value, 2);
  });

  test("shows a total only once every account has reported it", () => {
    const book = bookWith(["DU1", "DU2"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 300 }, 1);
    book.applyAccountValues("DU2", "USD", { maintMargin: 5 }, 1);
    assert.equal(book.firm(2).figures.netLiquidation, undefined);
    book.applyAccountValues("DU2", null, { netLiquidation: 100 }, 3);
    assert.equal(book.firm(4).figures.netLiquidation?.value, 400);
  });

  test("keeps the change time of totals that did not move", () => {
    const book = bookWith(["DU1"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 300, dailyPnL: 1 }, 1);
    assert.equal(book.firm(10).figures.netLiquidation?.changedAt, 10);
    book.applyAccountValues("DU1", null, { dailyPnL: 2 }, 20);
    const firm = book.firm(30);
    assert.equal(firm.figures.netLiquidation?.changedAt, 10);
    assert.deepEqual(firm.figures.dailyPnL, { value: 2, changedAt: 30 });
  });

  test("leaves accounts in another currency out and names them", () => {
    const book = bookWith(["DU1", "DU2", "DU3"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 1 }, 1);
    book.applyAccountValues("DU2", "USD", { netLiquidation: 2 }, 1);
    book.applyAccountValues("DU3", "EUR", { netLiquidation: 4 }, 1);
    const firm = book.firm(2);
    assert.equal(firm.figures.netLiquidation?.value, 3);
    assert.deepEqual(firm.excludedAccounts, ["DU3"]);
  });

  test("an account leaving the book leaves the totals", () => {
    const book = bookWith(["DU1", "DU2"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 1 }, 1);
    book.applyAccountValues("DU2", "USD", { netLiquidation: 2 }, 1);
    assert.equal(book.firm(2).figures.netLiquidation?.value, 3);
    book.listAccounts(["DU2"]);
    assert.equal(book.firm(3).figures.netLiquidation?.value, 2);
  });
});
