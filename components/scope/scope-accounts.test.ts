import { test } from "node:test";
import assert from "node:assert/strict";
import type { FaConfig } from "@/lib/fa";
import { accountLabel, accountsInScope, scopeLabel } from "./scope-accounts";

const fa: FaConfig = {
  groups: [{ name: "Growth", method: "NetLiq", accounts: ["DU3", "DU1", "DU9"] }],
  aliases: { DU1: "Alpha Fund" },
};
const followed = ["DU1", "DU2", "DU3"];

test("an account reads as its alias with the id, or the bare id", () => {
  assert.equal(accountLabel("DU1", fa.aliases), "Alpha Fund (DU1)");
  assert.equal(accountLabel("DU2", fa.aliases), "DU2");
});

test("a scope in words", () => {
  assert.equal(scopeLabel("all", fa), "All accounts");
  assert.equal(scopeLabel("group:Growth", fa), "Group Growth");
  assert.equal(scopeLabel("account:DU1", fa), "Account Alpha Fund (DU1)");
});

test("a scope covers every account, a group's followed members in id order, or one account", () => {
  assert.equal(accountsInScope("all", followed, fa), followed);
  assert.deepEqual(accountsInScope("group:Growth", followed, fa), ["DU1", "DU3"]);
  assert.deepEqual(accountsInScope("group:Unknown", followed, fa), []);
  assert.deepEqual(accountsInScope("account:DU2", followed, fa), ["DU2"]);
  assert.deepEqual(accountsInScope("account:DU7", followed, fa), []);
});
