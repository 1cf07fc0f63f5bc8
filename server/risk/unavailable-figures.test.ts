import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseScope } from "@/lib/scope";
import { RiskBook } from "./book";
import { pnlEvent, positionEvent, STOCK } from "./test-events";

/** Two USD accounts with every input of the firm totals reported. */
function book(): RiskBook {
  const riskBook = new RiskBook();
  riskBook.listAccounts(["DU1", "DU2"]);
  for (const [id, netLiquidation] of [["DU1", 300], ["DU2", 100]] as const) {
    riskBook.applyAccountValues(id, "USD", { netLiquidation, maintMargin: 20, excessLiquidity: 50, grossPositionValue: 200, dailyPnL: 5 }, 1);
  }
  return riskBook;
}

describe("a figure IB sends as unset", () => {
  test("is unavailable, and so is what is derived from it", () => {
    const riskBook = book();
    assert.equal(riskBook.applyAccountValues("DU1", null, { netLiquidation: null }, 2).figures.length > 0, true);
    const { figures } = riskBook.account("DU1")!;
    assert.deepEqual(figures.netLiquidation, { value: null, changedAt: 2 });
    assert.deepEqual(figures.marginUtilisation, { value: null, changedAt: 2 });
    assert.equal(figures.maintMargin?.value, 20, "the other figures stand");
  });

  test("makes a total over it unavailable, not a partial sum; other totals stand", () => {
    const riskBook = book();
    riskBook.applyAccountValues("DU2", null, { netLiquidation: null }, 2);
    const firm = riskBook.firm(3).figures;
    assert.equal(firm.netLiquidation?.value, null);
    assert.equal(firm.cushion?.value, null);
    assert.equal(firm.leverage?.value, null);
    assert.equal(firm.marginUtilisation?.value, null);
    assert.equal(firm.maintMargin?.value, 40);
    assert.equal(firm.dailyPnL?.value, 10);
  });

  test("comes back with the next value", () => {
    const riskBook = book();
    riskBook.applyAccountValues("DU1", null, { netLiquidation: null }, 2);
    riskBook.applyAccountValues("DU1", null, { netLiquidation: 400 }, 3);
    assert.deepEqual(riskBook.account("DU1")!.figures.marginUtilisation, { value: 20 / 400, level: "ok", changedAt: 3 });
    assert.equal(riskBook.firm(4).figures.netLiquidation?.value, 500);
  });

  test("leaves positions without a share of net liquidation, and exposure without one", () => {
    const riskBook = book();
    riskBook.applyPosition(positionEvent("DU1", STOCK("AAPL", 1), 10));
    riskBook.applyPositionPnl(pnlEvent("DU1", 1, 150));
    assert.equal(riskBook.position("DU1|1")!.shareOfNetLiq, 0.5);
    riskBook.applyAccountValues("DU1", null, { netLiquidation: null }, 2);
    assert.equal(riskBook.position("DU1|1")!.shareOfNetLiq, null);
    assert.equal(riskBook.exposure(parseScope("account:DU1"), 3).grossShareOfNetLiq, null);
    assert.equal(riskBook.exposure(parseScope("all"), 3).grossShareOfNetLiq, null);
  });
});

describe("a figure whose update was refused", () => {
  test("keeps its last good value, marked stale, with the time that value changed", () => {
    const riskBook = book();
    assert.equal(riskBook.applyAccountValues("DU1", null, { maintMargin: "refused" }, 2).figures.length > 0, true);
    const { figures } = riskBook.account("DU1")!;
    assert.deepEqual(figures.maintMargin, { value: 20, changedAt: 1, stale: true });
    assert.deepEqual(figures.marginUtilisation, { value: 20 / 300, changedAt: 1, stale: true, level: "ok" });
    assert.equal(figures.netLiquidation?.stale, undefined, "its neighbours stay live");
    assert.equal(riskBook.applyAccountValues("DU1", null, { maintMargin: "refused" }, 3).figures.length > 0, false, "refused again: nothing new");
  });

  test("makes the totals over it stale", () => {
    const riskBook = book();
    riskBook.applyAccountValues("DU2", null, { maintMargin: "refused" }, 2);
    const firm = riskBook.firm(3).figures;
    assert.deepEqual(firm.maintMargin, { value: 40, changedAt: 3, stale: true });
    assert.equal(firm.marginUtilisation?.stale, true);
    assert.equal(firm.marginUtilisation?.value, 40 / 400);
    assert.equal(firm.netLiquidation?.stale, undefined);
  });

  test("is cleared by the next good value, everywhere", () => {
    const riskBook = book();
    riskBook.applyAccountValues("DU2", null, { maintMargin: "refused" }, 2);
    riskBook.firm(3);
    assert.equal(riskBook.applyAccountValues("DU2", null, { maintMargin: 20 }, 4).figures.length > 0, true, "the same value, no longer stale");
    assert.deepEqual(riskBook.account("DU2")!.figures.maintMargin, { value: 20, changedAt: 1 });
    const firm = riskBook.firm(5).figures;
    assert.equal(firm.maintMargin?.stale, undefined);
    assert.equal(firm.marginUtilisation?.stale, undefined);
  });

  test("with no value before, is unavailable and stale: IB sent something, nothing usable", () => {
    const riskBook = book();
    riskBook.applyAccountValues("DU1", null, { buyingPower: "refused" }, 2);
    assert.deepEqual(riskBook.account("DU1")!.figures.buyingPower, { value: null, changedAt: 2, stale: true });
  });
});

test("a currency whose rate IB no longer has leaves its positions without a base value", () => {
  const riskBook = book();
  riskBook.applyPosition(positionEvent("DU1", STOCK("SAP", 2, "EUR"), 10));
  riskBook.applyPositionPnl(pnlEvent("DU1", 2, 100));
  riskBook.applyExchangeRates("DU1", { EUR: 1.1 }, 2);
  assert.ok(Math.abs(riskBook.position("DU1|2")!.marketValueBase! - 110) < 1e-9);
  riskBook.applyExchangeRates("DU1", { EUR: null }, 3);
  assert.equal(riskBook.position("DU1|2")!.marketValueBase, null);
});

test("a base under a cent gives no ratio, not an overflowing one", () => {
  const riskBook = book();
  riskBook.applyAccountValues("DU1", null, { netLiquidation: 1e-300 }, 2);
  assert.equal(riskBook.account("DU1")!.figures.marginUtilisation, undefined);
});
