import { test } from "node:test";
import assert from "node:assert/strict";
import { describeDetails } from "./describe-details";

const step = { role: "riskManager", cancelId: "0f1e2d3c-aaaa-bbbb-cccc-000000000000", scope: "account:DU111", reason: "runaway strategy" };
const order = { key: "DU111:9", account: "DU111", symbol: "AAPL", side: "BUY", quantity: 10, filled: 0, clientId: 5, orderId: 3, permId: 9, status: "Submitted" };

test("each step of a cancel reads as what was asked, sent, answered and what became of each order", () => {
  assert.deepEqual(describeDetails({ action: "orders.cancel.requested", details: { ...step, confirmation: "CANCEL DU111", targets: [order] } }), [
    'Asked: cancel 0f1e2d3c of account:DU111, reason "runaway strategy"; confirmed with "CANCEL DU111"',
    "1 working order aimed at:",
    "\u2022 BUY 10 AAPL in DU111 (client 5, order 3)",
  ]);
  assert.deepEqual(describeDetails({ action: "orders.cancel.sent", details: { ...step, request: "cancelOrder", orderIds: [3], notSent: ["DU111:12"] } }), [
    'Sent to IB: cancelOrder for order id 3 (cancel 0f1e2d3c of account:DU111, reason "runaway strategy")',
    "Not sent (typed in TWS, no API order id): DU111:12",
  ]);
  assert.deepEqual(describeDetails({ action: "orders.cancel.sent", details: { ...step, scope: "all", request: "reqGlobalCancel" } }), [
    'Sent to IB: reqGlobalCancel (cancel 0f1e2d3c of all, reason "runaway strategy")',
  ]);
  assert.deepEqual(describeDetails({ action: "orders.cancel.answered", details: { ...step, ibAnswers: ["order 3: 202 Order Canceled - reason:"] } }), [
    'IB answered (cancel 0f1e2d3c of account:DU111, reason "runaway strategy"):',
    "\u2022 order 3: 202 Order Canceled - reason:",
  ]);
  const outcome = { ...order, outcome: "cancelled", status: "Cancelled", ibAnswer: "202 Order Canceled - reason:" };
  assert.deepEqual(describeDetails({ action: "orders.cancel.verified", details: { ...step, verified: true, summary: "1 order: 1 cancelled", orders: [outcome] } }), [
    'Outcome, verified in IB\'s list: 1 order: 1 cancelled (cancel 0f1e2d3c of account:DU111, reason "runaway strategy")',
    "\u2022 BUY 10 AAPL in DU111 (client 5, order 3): Cancelled \u2014 202 Order Canceled - reason:",
  ]);
  assert.deepEqual(describeDetails({ action: "orders.cancel.refused", details: { role: "viewer", scope: "all", reason: "forged", refusal: "only a risk manager or an admin may cancel orders" } }), [
    "Refused: only a risk manager or an admin may cancel orders",
    'Asked to cancel all, reason "forged"',
  ]);
});

test("other actions, and cancel records not shaped as expected, show their details as stored", () => {
  assert.deepEqual(describeDetails({ action: "grant.added", details: { user: "ann", grant: "group:Income" } }), ['{"user":"ann","grant":"group:Income"}']);
  assert.deepEqual(describeDetails({ action: "orders.cancel.verified", details: { summary: 42 } }), ['{"summary":42}']);
});
