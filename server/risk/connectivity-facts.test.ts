import { test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import { RiskEngine } from "./engine";
import { DEFAULT_RISK_THRESHOLDS } from "./thresholds";

const linkStatus = (overrides: Parameters<typeof readyLink>[0] = {}) => {
  const { silent: _silent, ...status } = readyLink(overrides);
  return status;
};

function engineWithAccounts(...accounts: string[]): RiskEngine {
  const engine = new RiskEngine({ initialLink: linkStatus() });
  engine.apply({ type: "accountsListed", accounts, at: 1 });
  return engine;
}

test("a healthy link has no facts to report", () => {
  const facts = engineWithAccounts("DU1").connectivityFacts();
  assert.deepEqual(facts, {
    linkDownSince: null,
    expectedDisconnect: false,
    ibServersLostSince: null,
    silentSince: null,
    clientIdInUseSince: null,
    clientId: readyLink().clientId,
    brokenFarms: [],
    marginWarnings: [],
  });
});

test("a link down reports when the outage began, not the last reconnect attempt, and whether it is expected", () => {
  const engine = engineWithAccounts("DU1");
  const restart = { window: "23:45-00:45 America/New_York", inWindow: true, expectedDisconnect: true };
  engine.apply({ type: "link", status: linkStatus({ state: "connecting", stateSince: 9000, downSince: 4000, restart }) });
  assert.equal(engine.connectivityFacts().linkDownSince, 4000);
  assert.equal(engine.connectivityFacts().expectedDisconnect, true);
  const clientIdInUse = { since: 3000, attempts: 2, nextRetryAt: 12_000 };
  engine.apply({ type: "link", status: linkStatus({ state: "disconnected", stateSince: 9500, downSince: 4000, clientIdInUse }) });
  assert.equal(engine.connectivityFacts().clientIdInUseSince, 3000);
  assert.equal(engine.connectivityFacts().expectedDisconnect, false);
});

test("1100 and broken farms on a ready link are reported with their start", () => {
  const engine = engineWithAccounts("DU1");
  const farms = [
    { name: "usfarm", kind: "market" as const, state: "broken" as const, since: 2500 },
    { name: "ushmds", kind: "hmds" as const, state: "ok" as const, since: 1000 },
  ];
  engine.apply({ type: "link", status: linkStatus({ ibServersLost: true, ibServersLostSince: 2000, farms }) });
  const facts = engine.connectivityFacts();
  assert.equal(facts.ibServersLostSince, 2000);
  assert.deepEqual(facts.brokenFarms, [{ name: "usfarm", kind: "market", since: 2500 }]);
});

test("a silent link is reported from its last message", () => {
  const engine = engineWithAccounts("DU1");
  engine.apply({ type: "link", status: linkStatus({ lastMessageAt: 1000 }) });
  engine.apply({ type: "tick", at: 1000 + DEFAULT_RISK_THRESHOLDS.linkSilentMs + 1 });
  assert.equal(engine.connectivityFacts().silentSince, 1000);
});

test("the last 2148 per account is kept, newest first; one about an account not followed is not", () => {
  const engine = engineWithAccounts("DU1", "DU2");
  engine.apply({ type: "marginWarning", account: "DU1", message: "first", at: 10 });
  engine.apply({ type: "marginWarning", account: "DU1", message: "second", at: 20 });
  engine.apply({ type: "marginWarning", account: null, message: "whose?", at: 15 });
  engine.apply({ type: "marginWarning", account: "DU9", message: "not ours", at: 30 });
  assert.deepEqual(engine.connectivityFacts().marginWarnings, [
    { account: "DU1", message: "second", at: 20 },
    { account: null, message: "whose?", at: 15 },
  ]);
  engine.apply({ type: "accountsListed", accounts: ["DU2"], at: 40 });
  assert.deepEqual(engine.connectivityFacts().marginWarnings.map((w) => w.account), [null]);
});
