import { test } from "node:test";
import assert from "node:assert/strict";
import type { WorkingOrder } from "@/lib/orders";
import { testOrder } from "@/lib/testing/order";
import { OrdersBook } from "./orders-book";


const placed = (o: WorkingOrder) => ({ type: "order" as const, order: o, at: o.changedAt });

test("an order of another client id is held until IB says it ended", () => {
  const book = new OrdersBook();
  assert.deepEqual(book.applyOrder(placed(testOrder("DU1", 9001, { clientId: 3 }))), ["DU1:9001"]);
  assert.equal(book.get("DU1:9001")?.clientId, 3);
  assert.deepEqual(book.applyStatus({ type: "orderStatus", key: "DU1:9001", status: "PendingCancel", filled: 0, remaining: 10, at: 5 }), ["DU1:9001"]);
  assert.equal(book.get("DU1:9001")?.changedAt, 5, "a new status is a change of age");
  assert.deepEqual(book.applyStatus({ type: "orderStatus", key: "DU1:9001", status: "Cancelled", filled: 0, remaining: 10, at: 6 }), ["DU1:9001"]);
  assert.deepEqual(book.all(), []);
});

test("a repeated openOrder keeps the age of the order's last status", () => {
  const book = new OrdersBook();
  book.applyOrder(placed(testOrder("DU1", 1, { changedAt: 1 })));
  assert.deepEqual(book.applyOrder(placed(testOrder("DU1", 1, { changedAt: 50 }))), [], "the same state again changes nothing");
  assert.equal(book.get("DU1:1")?.changedAt, 1);
  book.applyOrder(placed(testOrder("DU1", 1, { filled: 4, remaining: 6, changedAt: 60 })));
  assert.equal(book.get("DU1:1")?.changedAt, 60);
  assert.deepEqual(book.applyOrder(placed(testOrder("DU1", 1, { filled: 4, remaining: 6, limitPrice: 101, changedAt: 70 }))), ["DU1:1"], "a modified price is a change");
  assert.equal(book.get("DU1:1")?.limitPrice, 101);
});

test("an openOrder that arrives already filled never enters the book", () => {
  const book = new OrdersBook();
  assert.deepEqual(book.applyOrder(placed(testOrder("DU1", 1, { status: "Filled" }))), []);
  assert.deepEqual(book.all(), []);
});

test("a listing ends every order IB no longer lists, and keeps the reconnect's note", () => {
  const book = new OrdersBook();
  for (const permId of [1, 2, 3]) book.applyOrder(placed(testOrder("DU1", permId)));
  const reconciliation = { at: 9, appeared: 0, ended: 2, changed: 0 };
  assert.deepEqual(book.applyListing({ type: "ordersListed", keys: ["DU1:2"], reconciliation, at: 9 }).sort(), ["DU1:1", "DU1:3"]);
  assert.deepEqual(book.all().map((o) => o.key), ["DU1:2"]);
  assert.deepEqual(book.note, reconciliation);
  book.applyListing({ type: "ordersListed", keys: ["DU1:2"], reconciliation: null, at: 10 });
  assert.deepEqual(book.note, reconciliation, "a routine refresh leaves the note of the last reconnect");
});

test("orders of accounts no longer followed are dropped; the rest are sorted by account and symbol", () => {
  const book = new OrdersBook();
  book.applyOrder(placed(testOrder("DU2", 1, { symbol: "MSFT" })));
  book.applyOrder(placed(testOrder("DU2", 2, { symbol: "AAPL" })));
  book.applyOrder(placed(testOrder("DU1", 3)));
  assert.deepEqual(book.all().map((o) => o.key), ["DU1:3", "DU2:2", "DU2:1"]);
  assert.deepEqual(book.dropAccounts(["DU2"]).sort(), ["DU2:1", "DU2:2"]);
  assert.deepEqual(book.all().map((o) => o.key), ["DU1:3"]);
});
