import { test } from "node:test";
import assert from "node:assert/strict";
import { scopeAccounts, type Scope } from "@/lib/scope";
import { grantedScopeAccess, UNLIMITED_READER } from "./scope-access";

const groups = [{ name: "Income", method: "NetLiq", accounts: ["DU1", "DU2"] }];
const accountsOf = (scope: Scope) => scopeAccounts(scope, ["DU1", "DU2", "DU3"], groups);
const mayRead = grantedScopeAccess(accountsOf);

test("a user without grants reads every scope", () => {
  for (const scope of ["all", "group:Income", "account:DU3"]) assert.equal(mayRead(UNLIMITED_READER, scope), true, scope);
});

test("a user granted a group reads that group and its accounts, never All or another account", () => {
  const viewer = { grants: [{ kind: "group", name: "Income" }] as const };
  assert.equal(mayRead(viewer, "group:Income"), true);
  assert.equal(mayRead(viewer, "account:DU2"), true);
  assert.equal(mayRead(viewer, "account:DU3"), false);
  assert.equal(mayRead(viewer, "all"), false, "the firm's totals include accounts it may not see");
  assert.equal(mayRead(viewer, "group:Growth"), false);
});

test("a user granted one account reads that account only", () => {
  const viewer = { grants: [{ kind: "account", id: "DU3" }] as const };
  assert.equal(mayRead(viewer, "account:DU3"), true);
  assert.equal(mayRead(viewer, "account:DU1"), false);
  assert.equal(mayRead(viewer, "group:Income"), false);
});
