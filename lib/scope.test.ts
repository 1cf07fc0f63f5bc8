import { test } from "node:test";
import assert from "node:assert/strict";
import type { FaConfig } from "./fa";
import { accountLabel, FIRM_SERIES, grantedAccounts, grantedScope, parseScope, scopeAccounts, scopeId, scopeLabel, scopeOwnSeries, scopeSeries, seriesLabel, seriesScope, type Grant } from "./scope";

const fa: FaConfig = {
  groups: [{ name: "Growth", method: "NetLiq", accounts: ["DU3", "DU1", "DU9"] }],
  aliases: { DU1: "Alpha Fund" },
};
const followed = ["DU1", "DU2", "DU3"];
const covered = (id: string) => scopeAccounts(parseScope(id), followed, fa.groups);

test("an account reads as its alias with the id, or the bare id", () => {
  assert.equal(accountLabel("DU1", fa.aliases), "Alpha Fund (DU1)");
  assert.equal(accountLabel("DU2", fa.aliases), "DU2");
});

test("a scope in words", () => {
  assert.equal(scopeLabel(parseScope("all"), fa.aliases), "All accounts");
  assert.equal(scopeLabel(parseScope("group:Growth"), fa.aliases), "Group Growth");
  assert.equal(scopeLabel(parseScope("account:DU1"), fa.aliases), "Account Alpha Fund (DU1)");
});

test("a scope covers every account, a group's followed members in id order, or one account", () => {
  assert.equal(covered("all"), followed);
  assert.deepEqual(covered("group:Growth"), ["DU1", "DU3"]);
  assert.deepEqual(covered("group:Unknown"), []);
  assert.deepEqual(covered("account:DU2"), ["DU2"]);
  assert.deepEqual(covered("account:DU7"), []);
});

test("a scope charts the firm and groups under All, else its own series and its accounts'", () => {
  assert.deepEqual(scopeSeries(parseScope("all"), followed, fa.groups), [FIRM_SERIES, "group:Growth"]);
  assert.deepEqual(scopeSeries(parseScope("group:Growth"), followed, fa.groups), ["group:Growth", "DU1", "DU3"]);
  assert.deepEqual(scopeSeries(parseScope("account:DU2"), followed, fa.groups), ["DU2"]);
  assert.deepEqual(["firm", "group:Growth", "DU1"].map((series) => seriesLabel(series, fa.aliases)), ["Firm", "Group Growth", "Alpha Fund (DU1)"]);
});

test("an intraday series charts its scope's figures", () => {
  assert.equal(seriesScope(FIRM_SERIES), "all");
  assert.equal(seriesScope("group:Growth"), "group:Growth");
  assert.equal(seriesScope("DU1"), "account:DU1");
  for (const series of [FIRM_SERIES, "group:Growth", "DU1"]) assert.equal(scopeOwnSeries(parseScope(seriesScope(series))), series, "and a scope's own series is that series");
});

test("a user without grants sees every account; with grants, the union of what they cover", () => {
  assert.equal(grantedAccounts([], followed, fa.groups), followed);
  assert.deepEqual(grantedAccounts([{ kind: "group", name: "Growth" }], followed, fa.groups), ["DU1", "DU3"]);
  assert.deepEqual(grantedAccounts([{ kind: "account", id: "DU2" }, { kind: "group", name: "Growth" }], followed, fa.groups), ["DU1", "DU2", "DU3"]);
  // An account it was granted that RiskDesk does not follow has nothing to show.
  assert.deepEqual(grantedAccounts([{ kind: "account", id: "DU7" }], followed, fa.groups), []);
});

test("a limited user asking for All, another group or another account is shown its first grant instead", () => {
  const growth = [{ kind: "group", name: "Growth" }] as const;
  const shown = (id: string, grants: readonly Grant[] = growth) => scopeId(grantedScope(parseScope(id), grants, followed, fa.groups));
  assert.equal(shown("all"), "group:Growth");
  assert.equal(shown("group:Income"), "group:Growth");
  assert.equal(shown("account:DU2"), "group:Growth");
  // An account of a granted group may be looked at alone.
  assert.equal(shown("account:DU3"), "account:DU3");
  assert.equal(shown("group:Growth"), "group:Growth");
  assert.equal(shown("all", [{ kind: "account", id: "DU2" }]), "account:DU2");
  // Without grants nothing is narrowed.
  assert.equal(shown("all", []), "all");
});
