import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyIbMessage } from "./errors";

test("classifies IB and client-library codes", () => {
  assert.equal(classifyIbMessage(1100, null), "connectivity");
  assert.equal(classifyIbMessage(326, null), "connectivity");
  assert.equal(classifyIbMessage(502, null), "connectivity");
  assert.equal(classifyIbMessage(2104, null), "info");
  assert.equal(classifyIbMessage(2158, null), "info");
  assert.equal(classifyIbMessage(2103, null), "warning");
  assert.equal(classifyIbMessage(2148, 5), "warning", "a margin warning is never just a request failure");
  assert.equal(classifyIbMessage(2199, null), "warning");
  assert.equal(classifyIbMessage(321, 7), "request");
  assert.equal(classifyIbMessage(321, null), "warning", "an unattributed failure is still surfaced");
});

test("order messages are about an order id, never a subscription's request", () => {
  assert.equal(classifyIbMessage(202, 295), "order");
  assert.equal(classifyIbMessage(10147, 12), "order");
  assert.equal(classifyIbMessage(321, 0, "Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode."), "order");
  assert.equal(classifyIbMessage(321, 7, "Error validating request.-'a' : cause - FA data operations ignored for non FA customers."), "request");
});
