import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyIbMessage, IB_MESSAGE_TABLE, isFarmCode, routeIbMessage } from "./errors";

test("classifies the codes RiskDesk meets as the table says", () => {
  const expected: Array<[number, number | null, string]> = [
    [1100, null, "connectivity"],
    [1101, null, "connectivity"],
    [1102, null, "connectivity"],
    [2110, null, "connectivity"],
    [326, null, "connectivity"],
    [502, null, "connectivity"],
    [504, null, "connectivity"],
    [2104, null, "info"],
    [2106, null, "info"],
    [2107, null, "info"],
    [2108, null, "info"],
    [2119, null, "info"],
    [2158, null, "info"],
    [2103, null, "warning"],
    [2105, null, "warning"],
    [2157, null, "warning"],
    [100, null, "warning"],
    [321, 7, "request"],
    [322, 3, "request"],
    [202, 12, "order"],
    [201, 12, "order"],
    [10147, 12, "order"],
  ];
  for (const [code, reqId, severity] of expected) assert.equal(classifyIbMessage(code, reqId), severity, `${code}`);
});

test("a margin warning is a warning whatever id it carries", () => {
  assert.equal(classifyIbMessage(2148, null), "warning");
  assert.equal(classifyIbMessage(2148, 5), "warning");
});

test("codes outside the table fall to their range; unknown codes to the requester or a warning", () => {
  assert.equal(classifyIbMessage(2199, null), "warning", "2100-2199 are system notices");
  assert.equal(classifyIbMessage(1250, null), "connectivity");
  assert.equal(classifyIbMessage(150, 9), "order");
  assert.equal(classifyIbMessage(420, 9), "order");
  assert.equal(classifyIbMessage(380, 9), "request");
  assert.equal(classifyIbMessage(544, 9), "request", "the library's per-request sending errors");
  assert.equal(classifyIbMessage(10300, 9), "request");
  assert.equal(classifyIbMessage(77777, 4), "request", "unknown but tied to a request");
  assert.equal(classifyIbMessage(77777, null), "warning", "unknown and unattributed: surfaced");
  assert.equal(classifyIbMessage(321, null), "warning", "an unattributed failure is still surfaced");
  assert.equal(classifyIbMessage(202, null), "warning");
});

test("routes: everything is logged; failures to the requester, orders to the orders, the link and alert facts", () => {
  assert.deepEqual(routeIbMessage(321, 4).routes, ["log", "requester"]);
  assert.deepEqual(routeIbMessage(202, 4).routes, ["log", "orders"]);
  assert.deepEqual(routeIbMessage(1100, null).routes, ["log", "link", "alert"]);
  assert.deepEqual(routeIbMessage(1102, null).routes, ["log", "link"]);
  assert.deepEqual(routeIbMessage(326, null).routes, ["log", "link", "alert"]);
  assert.deepEqual(routeIbMessage(2103, null).routes, ["log", "link", "alert"]);
  assert.deepEqual(routeIbMessage(2104, null).routes, ["log", "link"]);
  assert.deepEqual(routeIbMessage(2148, null).routes, ["log", "alert"]);
  assert.deepEqual(routeIbMessage(165, null).routes, ["log"]);
});

test("every farm code is in the table as a farm notice, and only those", () => {
  const farms = Object.keys(IB_MESSAGE_TABLE).map(Number).filter(isFarmCode).sort();
  assert.deepEqual(farms, [2103, 2104, 2105, 2106, 2107, 2108, 2119, 2157, 2158]);
});

test("order messages are about an order id, never a subscription's request", () => {
  assert.equal(classifyIbMessage(202, 295), "order");
  assert.equal(classifyIbMessage(10147, 12), "order");
  assert.equal(classifyIbMessage(321, 0, "Error validating request.-'bN' : cause - The API interface is currently in Read-Only mode."), "order");
  assert.equal(classifyIbMessage(321, 7, "Error validating request.-'a' : cause - FA data operations ignored for non FA customers."), "request");
});
