import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseScope } from "@/lib/scope";
import { RiskBook } from "./book";
import { pnlEvent, positionEvent, STOCK } from "./test-events";

function usdBook(accounts: string[]): RiskBook {
  const book = new RiskBook();
  book.listAccounts(accounts);
  for (const id of accounts) book.applyAccountValues(id, "USD", { netLiquidation: 1000 }, 0);
  return book;
}

describe("positions in the risk book", () => {
  test("a position is valued from its P&L message, with its share of net liquidation", () => {
    const book = usdBook(["DU1"]);
    assert.equal(book.applyPosition(positionEvent("DU1", STOCK("AAPL", 1), 10)), "DU1|1");
    assert.equal(book.position("DU1|1")!.marketValue, null, "no value before the first P&L");
    book.applyPositionPnl(pnlEvent("DU1", 1, 250, 5));
    const position = book.position("DU1|1")!;
    assert.equal(position.marketValueBase, 250);
    assert.equal(position.shareOfNetLiq, 0.25);
    assert.equal(position.dailyPnL, 5);
  });

  test("a position in another currency is converted at IB's rate, once the rate is known", () => {
    const book = usdBook(["DU1"]);
    book.applyPosition(positionEvent("DU1", STOCK("SAP", 2, "EUR"), 10));
    book.applyPositionPnl(pnlEvent("DU1", 2, 100));
    assert.equal(book.position("DU1|2")!.marketValueBase, null);
    assert.deepEqual(book.applyExchangeRates("DU1", { EUR: 1.1 }, 3), ["DU1|2"]);
    assert.ok(Math.abs(book.position("DU1|2")!.marketValueBase! - 110) < 1e-9);
  });

  test("closing a position removes it without disturbing the others of the account", () => {
    const book = usdBook(["DU1"]);
    for (const conId of [1, 2, 3]) book.applyPosition(positionEvent("DU1", STOCK(`S${conId}`, conId), 5));
    assert.equal(book.applyPosition(positionEvent("DU1", STOCK("S1", 1), 0)), "DU1|1");
    assert.deepEqual(book.positionsOf(parseScope("all")).map((p) => p.key), ["DU1|2", "DU1|3"]);
    assert.equal(book.applyPosition(positionEvent("DU1", STOCK("S1", 1), 0)), null, "closing twice changes nothing");
  });

  test("a change of net liquidation re-derives the shares of that account's positions", () => {
    const book = usdBook(["DU1", "DU2"]);
    book.applyPosition(positionEvent("DU1", STOCK("A", 1), 1));
    book.applyPosition(positionEvent("DU2", STOCK("A", 1), 1));
    book.applyPositionPnl(pnlEvent("DU1", 1, 100));
    book.applyPositionPnl(pnlEvent("DU2", 1, 100));
    const change = book.applyAccountValues("DU1", null, { netLiquidation: 500 }, 5);
    assert.deepEqual(change.positions, ["DU1|1"]);
    assert.equal(book.position("DU1|1")!.shareOfNetLiq, 0.2);
    assert.equal(book.position("DU2|1")!.shareOfNetLiq, 0.1);
  });

  test("an account leaving drops its positions", () => {
    const book = usdBook(["DU1", "DU2"]);
    book.applyPosition(positionEvent("DU1", STOCK("A", 1), 1));
    book.applyPosition(positionEvent("DU2", STOCK("A", 1), 1));
    assert.deepEqual(book.listAccounts(["DU2"]).removedPositions, ["DU1|1"]);
    assert.deepEqual(book.positionsOf(parseScope("all")).map((p) => p.key), ["DU2|1"]);
  });
});

describe("FA groups and scopes", () => {
  function groupedBook() {
    const book = new RiskBook();
    book.listAccounts(["DU1", "DU2", "DU3"]);
    book.applyAccountValues("DU1", "USD", { netLiquidation: 100, maintMargin: 10 }, 1);
    book.applyAccountValues("DU2", "USD", { netLiquidation: 200, maintMargin: 50 }, 1);
    book.applyAccountValues("DU3", "USD", { netLiquidation: 400, maintMargin: 0 }, 1);
    book.setFaConfig({ groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2", "DU9"] }], aliases: {} });
    return book;
  }

  test("a group's totals are the sums of its followed members", () => {
    const [group] = groupedBook().groups(2);
    assert.equal(group!.name, "G");
    assert.equal(group!.accountCount, 2);
    assert.equal(group!.figures.netLiquidation?.value, 300);
    assert.equal(group!.figures.marginUtilisation?.value, 60 / 300);
  });

  test("an account joining or leaving a group moves the group's totals", () => {
    const book = groupedBook();
    book.setFaConfig({ groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2", "DU3"] }], aliases: {} });
    assert.equal(book.groups(3)[0]!.figures.netLiquidation?.value, 700);
    book.setFaConfig({ groups: [{ name: "G", method: "NetLiq", accounts: ["DU3"] }], aliases: {} });
    const [group] = book.groups(4);
    assert.equal(group!.figures.netLiquidation?.value, 400);
    assert.equal(group!.accountCount, 1);
    assert.deepEqual(book.scopeAccounts(parseScope("group:G")), ["DU3"]);
  });

  test("scopes resolve to their followed accounts", () => {
    const book = groupedBook();
    assert.deepEqual(book.scopeAccounts(parseScope("all")), ["DU1", "DU2", "DU3"]);
    assert.deepEqual(book.scopeAccounts(parseScope("group:G")), ["DU1", "DU2"]);
    assert.deepEqual(book.scopeAccounts(parseScope("group:missing")), []);
    assert.deepEqual(book.scopeAccounts(parseScope("account:DU3")), ["DU3"]);
    assert.deepEqual(book.scopeAccounts(parseScope("account:DU9")), []);
  });

  test("exposure of a group covers its members' positions against the group's net liquidation", () => {
    const book = groupedBook();
    book.applyPosition(positionEvent("DU1", STOCK("AAPL", 1), 1));
    book.applyPosition(positionEvent("DU3", STOCK("AAPL", 1), 1));
    book.applyPositionPnl(pnlEvent("DU1", 1, 150));
    book.applyPositionPnl(pnlEvent("DU3", 1, 400));
    const exposure = book.exposure(parseScope("group:G"), 5);
    assert.equal(exposure.gross, 150);
    assert.equal(exposure.byUnderlying[0]!.shareOfNetLiq, 150 / 300);
    assert.equal(book.exposure(parseScope("all"), 5).gross, 550);
  });
});
