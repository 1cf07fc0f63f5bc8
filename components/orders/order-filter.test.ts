import { test } from "node:test";
import assert from "node:assert/strict";
import type { WorkingOrder } from "@/lib/orders";
import { testOrder } from "@/lib/testing/order";
import { cancelScopeOf, filterOrders, NO_FILTER } from "./order-filter";

const order = (account: string, permId: number, symbol: string, clientId: number, faGroup: string | null = null) =>
  testOrder(account, permId, { symbol, clientId, faGroup });

const ORDERS = [order("DU1", 1, "AAPL", 0), order("DU2", 2, "MSFT", 3), order("DU3", 3, "AAPL", 3), order("", 4, "SPY", 5, "Income")];
const GROUPS = [{ name: "Income", accounts: ["DU2"], method: "Equal" }];
const keys = (orders: WorkingOrder[]) => orders.map((o) => o.key);

test("the blotter filters by account, group (members or allocation), symbol and client id", () => {
  assert.equal(filterOrders(ORDERS, NO_FILTER, GROUPS).length, 4);
  assert.deepEqual(keys(filterOrders(ORDERS, { ...NO_FILTER, account: "DU1" }, GROUPS)), ["DU1:1"]);
  assert.deepEqual(keys(filterOrders(ORDERS, { ...NO_FILTER, group: "Income" }, GROUPS)), ["DU2:2", ":4"]);
  assert.deepEqual(keys(filterOrders(ORDERS, { ...NO_FILTER, symbol: "aap" }, GROUPS)), ["DU1:1", "DU3:3"]);
  assert.deepEqual(keys(filterOrders(ORDERS, { ...NO_FILTER, symbol: "aapl", clientId: 3 }, GROUPS)), ["DU3:3"]);
});

test("a scoped cancel from the blotter covers the filtered account, else the filtered group", () => {
  assert.equal(cancelScopeOf(NO_FILTER), null);
  assert.equal(cancelScopeOf({ ...NO_FILTER, group: "Income" }), "group:Income");
  assert.equal(cancelScopeOf({ ...NO_FILTER, group: "Income", account: "DU2" }), "account:DU2");
  assert.equal(cancelScopeOf({ ...NO_FILTER, symbol: "AAPL" }), null, "a symbol is no scope IB can cancel by");
});
