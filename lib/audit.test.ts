import { test } from "node:test";
import assert from "node:assert/strict";
import { actionMatch, auditFilterSchema, auditQuerySchema, auditSearch } from "./audit";

test("a filter's query string leaves out empty fields, and reads back as the same filter", () => {
  const filter = { actor: "admin", action: "grant.added", from: "2026-11-29T10:00:00.000Z", to: undefined };
  const search = auditSearch(filter);
  assert.equal(search, "actor=admin&action=grant.added&from=2026-11-29T10%3A00%3A00.000Z");
  assert.deepEqual(auditFilterSchema.parse(Object.fromEntries(new URLSearchParams(search))), { actor: "admin", action: "grant.added", from: filter.from });
  assert.equal(auditSearch({}, { page: 2, pageSize: 50 }), "page=2&pageSize=50");
});

test("the audit query takes pages as numbers with defaults, and refuses a range that ends before it starts or an unknown field", () => {
  assert.deepEqual(auditQuerySchema.parse({}), { page: 1, pageSize: 50 });
  assert.deepEqual(auditQuerySchema.parse({ page: "3", pageSize: "10" }), { page: 3, pageSize: 10 });
  assert.equal(auditQuerySchema.safeParse({ from: "2026-11-29T10:00:00Z", to: "2026-11-29T09:00:00Z" }).success, false);
  assert.equal(auditQuerySchema.safeParse({ from: "2026-11-29T10:00:00+01:00" }).success, true);
  assert.equal(auditQuerySchema.safeParse({ from: "2026-11-29" }).success, false);
  assert.equal(auditFilterSchema.safeParse({ page: "1" }).success, false, "the CSV filter takes no page");
  assert.equal(auditFilterSchema.safeParse({ action: "x; drop table" }).success, false);
});

test("an action filter names one action, or a family of actions with .*", () => {
  assert.deepEqual(actionMatch("orders.cancel.verified"), { equals: "orders.cancel.verified" });
  assert.deepEqual(actionMatch("orders.cancel.*"), { startsWith: "orders.cancel." });
  assert.equal(auditFilterSchema.safeParse({ action: "orders.cancel.*" }).success, true);
  assert.equal(auditFilterSchema.safeParse({ action: "orders.*.sent" }).success, false);
  assert.equal(auditFilterSchema.safeParse({ action: "orders%" }).success, false);
});
