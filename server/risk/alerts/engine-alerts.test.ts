import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { alertSchema, type AlertRuleSet } from "@/lib/alerts";
import { readyLink } from "@/lib/testing/link";
import { RiskEngine, type Changes, type EngineEvent } from "../engine";
import { pnlEvent, positionEvent, STOCK } from "../test-events";
import { DEFAULT_RISK_THRESHOLDS } from "../thresholds";
import { defaultAlertRules, mergeAlertRules } from "./rules";

/** Two USD accounts in group G, healthy; DU1 is the one the tests push around. */
function engine(rules?: AlertRuleSet): RiskEngine {
  const alertRules = rules && mergeAlertRules(defaultAlertRules(DEFAULT_RISK_THRESHOLDS), rules);
  const risk = new RiskEngine({ initialLink: readyLink(), alertRules });
  risk.apply({ type: "accountsListed", accounts: ["DU1", "DU2"], at: 1 });
  risk.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2"] }], aliases: {}, at: 1 });
  for (const account of ["DU1", "DU2"]) risk.apply(values(account, { netLiquidation: 100_000, maintMargin: 10_000, excessLiquidity: 60_000, cushion: 0.6, dailyPnL: 0 }, 1));
  risk.apply({ type: "tick", at: 1 });
  return risk;
}

function values(account: string, figures: Extract<EngineEvent, { type: "accountValues" }>["values"], at: number): EngineEvent {
  return { type: "accountValues", account, currency: "USD", values: figures, at };
}

const summary = (changes: Changes, rule?: string) =>
  changes.alerts.filter(({ alert }) => !rule || alert.rule === rule).map(({ change, alert }) => `${change} ${alert.rule} ${alert.scope} ${alert.level}`);

describe("the engine's alerts", () => {
  test("an account's margin utilisation is alerted on the update that crosses, its group's and the firm's at the next tick", () => {
    const risk = engine();
    const crossed = risk.apply(values("DU1", { maintMargin: 95_000 }, 2));
    assert.deepEqual(summary(crossed), ["raised marginUtilisation account:DU1 critical"]);
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 3 })), [
      "raised marginUtilisation group:G warning",
      "raised marginUtilisation all warning",
    ]);
    assert.deepEqual(risk.activeAlerts().map((a) => a.key), ["marginUtilisation|account:DU1", "marginUtilisation|all", "marginUtilisation|group:G"]);
    const eased = risk.apply(values("DU1", { maintMargin: 10_000 }, 4));
    assert.deepEqual(summary(eased), ["cleared marginUtilisation account:DU1 critical"]);
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 5 })), ["cleared marginUtilisation group:G warning", "cleared marginUtilisation all warning"]);
    assert.deepEqual(risk.activeAlerts(), []);
  });

  test("excess liquidity below zero, cushion and daily loss raise their own alerts", () => {
    const risk = engine();
    const changes = risk.apply(values("DU1", { excessLiquidity: -500, cushion: 0.04, dailyPnL: -3_000, netLiquidation: 97_000 }, 2));
    assert.deepEqual(summary(changes).sort(), [
      "raised cushion account:DU1 critical",
      "raised dailyLossPct account:DU1 warning",
      "raised drawdownPct account:DU1 warning",
      "raised excessLiquidity account:DU1 critical",
    ]);
    const loss = risk.activeAlerts().find((a) => a.rule === "dailyLossPct")!;
    assert.equal(loss.value, 0.03, "3,000 lost of the 100,000 the day started with");
  });

  test("drawdown is measured from the day's highest net liquidation", () => {
    const risk = engine();
    risk.apply(values("DU1", { netLiquidation: 120_000 }, 2));
    const changes = risk.apply(values("DU1", { netLiquidation: 112_000 }, 3));
    const drawdown = changes.alerts.find((t) => t.alert.rule === "drawdownPct")!.alert;
    assert.equal(drawdown.level, "critical");
    assert.ok(Math.abs(drawdown.value! - 8_000 / 120_000) < 1e-12);
  });

  test("an unavailable figure raises nothing and leaves a raised alert standing", () => {
    const risk = engine();
    assert.deepEqual(risk.apply(values("DU1", { netLiquidation: null, maintMargin: 99_000 }, 2)).alerts, []);
    risk.apply(values("DU1", { netLiquidation: 100_000 }, 3));
    assert.equal(risk.activeAlerts().filter((a) => a.scope === "account:DU1").length, 1);
    assert.deepEqual(risk.apply(values("DU1", { netLiquidation: null }, 4)).alerts, []);
    assert.equal(risk.activeAlerts().filter((a) => a.scope === "account:DU1").length, 1);
  });

  test("an underlying above its share of net liquidation is a concentration: an account's at the next tick, groups' and the firm's every 5 s", () => {
    const risk = engine();
    const concentration = (changes: Changes) =>
      changes.alerts.filter(({ alert }) => alert.rule === "concentration").map(({ change, alert }) => `${change} ${alert.scope} ${alert.subject} ${alert.level}`);
    risk.apply(positionEvent("DU1", STOCK("AAPL", 1), 100, 100, 2));
    risk.apply(pnlEvent("DU1", 1, 60_000, 0, 2));
    assert.deepEqual(concentration(risk.apply({ type: "tick", at: 2_000 })), ["raised account:DU1 AAPL critical"], "60 % of DU1");
    assert.deepEqual(concentration(risk.apply({ type: "tick", at: 4_000 })), [], "the group and the firm were read at 1 ms");
    assert.deepEqual(concentration(risk.apply({ type: "tick", at: 5_001 })), ["raised group:G AAPL warning", "raised all AAPL warning"], "30 % of each");
    risk.apply(pnlEvent("DU1", 1, 0, 0, 6_000));
    assert.deepEqual(concentration(risk.apply({ type: "tick", at: 6_001 })), ["cleared account:DU1 AAPL critical"]);
    assert.deepEqual(concentration(risk.apply({ type: "tick", at: 10_001 })), ["cleared group:G AAPL warning", "cleared all AAPL warning"]);
  });

  test("accounts' concentration is read at most 100 a tick, the longest waiting first", () => {
    const risk = new RiskEngine({ initialLink: readyLink() });
    const ids = Array.from({ length: 150 }, (_, i) => `DU${100 + i}`);
    risk.apply({ type: "accountsListed", accounts: ids, at: 1 });
    for (const id of ids) {
      risk.apply(values(id, { netLiquidation: 100_000 }, 1));
      risk.apply(positionEvent(id, STOCK("AAPL", 1), 100, 100, 1));
      risk.apply(pnlEvent(id, 1, 40_000, 0, 1));
    }
    const accountsRaised = (at: number) =>
      risk.apply({ type: "tick", at }).alerts.filter(({ alert }) => alert.rule === "concentration" && alert.scope.startsWith("account:")).map(({ alert }) => alert.scope);
    const first = accountsRaised(1_000);
    assert.equal(first.length, 100);
    assert.deepEqual(first.slice(0, 2), ["account:DU100", "account:DU101"]);
    assert.deepEqual(accountsRaised(2_000), ids.slice(100).map((id) => `account:${id}`));
  });

  test("an acknowledgement marks the alert; one of an unknown id is refused", () => {
    const risk = engine();
    risk.apply(values("DU1", { maintMargin: 85_000 }, 2));
    const { id } = risk.activeAlerts()[0]!;
    const acked = risk.apply({ type: "alertAcknowledged", id, by: "risk", at: 3, note: null });
    assert.deepEqual(summary(acked), ["acknowledged marginUtilisation account:DU1 critical"]);
    assert.equal(acked.alertRefusal, null);
    assert.deepEqual(risk.activeAlerts()[0]!.acknowledged, { by: "risk", at: 3, note: null });
    const refused = risk.apply({ type: "alertAcknowledged", id: "gone", by: "risk", at: 4, note: "x" });
    assert.deepEqual(refused.alerts, []);
    assert.match(refused.alertRefusal ?? "", /no active alert gone/);
  });

  test("changed rules are applied at once: conditions that no longer hold clear, new ones raise", () => {
    const risk = engine();
    risk.apply(values("DU1", { maintMargin: 60_000 }, 2));
    risk.apply({ type: "tick", at: 3 });
    assert.deepEqual(risk.activeAlerts().map((a) => a.scope), ["account:DU1"]);
    const changes = risk.apply({
      type: "alertRulesChanged",
      rules: [{ rule: "marginUtilisation", enabled: true, warning: 0.2, critical: 0.7, hysteresis: 0, holdSeconds: 0, scopes: ["group"] }],
    });
    assert.deepEqual(summary(changes), ["cleared marginUtilisation account:DU1 warning", "raised marginUtilisation group:G warning"]);
    assert.equal(risk.alertRules().find((r) => r.rule === "cushion")?.warning, 0.1, "other rules stand");
  });

  test("inconsistent rules are refused and change nothing", () => {
    const risk = engine();
    const before = risk.alertRules();
    const changes = risk.apply({
      type: "alertRulesChanged",
      rules: [{ rule: "cushion", enabled: true, warning: 0.05, critical: 0.1, hysteresis: 0, holdSeconds: 0, scopes: ["account"] }],
    });
    assert.match(changes.alertRefusal ?? "", /cushion: critical \(0.1\) must be at or below warning \(0.05\)/);
    assert.equal(risk.alertRules(), before);
  });

  test("every alert the engine hands out passes the shared schema, however long its group's name", () => {
    const risk = new RiskEngine({ initialLink: readyLink() });
    const group = "G".repeat(190);
    risk.apply({ type: "accountsListed", accounts: ["DU1"], at: 1 });
    risk.apply({ type: "faConfig", groups: [{ name: group, method: "NetLiq", accounts: ["DU1"] }], aliases: {}, at: 1 });
    risk.apply(values("DU1", { netLiquidation: 100_000, maintMargin: 95_000, excessLiquidity: -10, cushion: 0, dailyPnL: -9_000 }, 1));
    risk.apply(positionEvent("DU1", STOCK("X".repeat(150), 1), 100, 100, 1));
    risk.apply(pnlEvent("DU1", 1, 90_000, 0, 1));
    const transitions = [1_000, 15_000, 400_000].flatMap((at) => risk.apply({ type: "tick", at }).alerts);
    risk.apply({ type: "link", status: readyLink({ state: "disconnected", stateSince: 400_000 }) });
    transitions.push(...risk.apply({ type: "tick", at: 420_000 }).alerts);
    assert.ok(transitions.some((t) => t.alert.scope === `group:${group}` && t.alert.rule === "concentration"));
    assert.ok(transitions.length >= 10, `${transitions.length} transitions`);
    for (const { alert } of transitions) assert.deepEqual(alertSchema.parse(alert), alert);
  });

  test("a hold time is finished by the tick, without a new figure", () => {
    const risk = engine([{ rule: "marginUtilisation", enabled: true, warning: 0.5, critical: 0.8, hysteresis: 0, holdSeconds: 5, scopes: ["account"] }]);
    assert.deepEqual(summary(risk.apply(values("DU1", { maintMargin: 60_000 }, 10_000)), "marginUtilisation"), []);
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 14_999 }), "marginUtilisation"), []);
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 15_000 }), "marginUtilisation"), ["raised marginUtilisation account:DU1 warning"]);
  });

  test("stale figures can be alerted per account too, once the rule is set for accounts", () => {
    const risk = engine([{ rule: "staleFigures", enabled: true, warning: 30, critical: null, hysteresis: 0, holdSeconds: 0, scopes: ["account"] }]);
    risk.apply(values("DU2", { dailyPnL: 0 }, 20_000));
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 20_000 }), "staleFigures"), [], "DU1's P&L stale since this tick");
    risk.apply(values("DU2", { dailyPnL: 0 }, 50_000));
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 50_000 }), "staleFigures"), ["raised staleFigures account:DU1 warning"]);
  });

  test("an account no longer listed takes its alerts with it", () => {
    const risk = engine();
    risk.apply(values("DU1", { maintMargin: 85_000 }, 2));
    const changes = risk.apply({ type: "accountsListed", accounts: ["DU2"], at: 3 });
    assert.deepEqual(summary(changes), ["cleared marginUtilisation account:DU1 critical"]);
  });

  test("a link down past its limit is critical, and clears when the link is back", () => {
    const risk = engine();
    risk.apply({ type: "link", status: readyLink({ state: "disconnected", stateSince: 10_000 }) });
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 19_999 }), "linkDown"), []);
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 20_000 }), "linkDown"), ["raised linkDown all critical"]);
    const back = risk.apply({ type: "link", status: readyLink({ stateSince: 21_000, lastMessageAt: 21_000 }) });
    assert.deepEqual(summary(back, "linkDown"), ["cleared linkDown all critical"]);
  });

  test("IB's servers lost (1100) is a warning at once, critical after a minute", () => {
    const risk = engine();
    risk.apply({ type: "tick", at: 1_000 });
    const lost = readyLink({ ibServersLost: true, ibServersLostSince: 1_000, lastMessageAt: 1_000 });
    assert.deepEqual(summary(risk.apply({ type: "link", status: lost })), ["raised ibServersLost all warning"]);
    risk.apply({ type: "link", status: { ...lost, lastMessageAt: 61_000 } });
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 61_000 }), "ibServersLost"), ["levelChanged ibServersLost all critical"]);
    const back = risk.apply({ type: "link", status: readyLink({ lastMessageAt: 62_000 }) });
    assert.deepEqual(summary(back, "ibServersLost"), ["cleared ibServersLost all critical"]);
  });

  test("IB's margin warning (2148) and a broken data farm reach the rules through the engine's connectivity facts", () => {
    const risk = engine();
    risk.apply({ type: "marginWarning", account: "DU1", message: "margin warning about DU1", at: 2_000 });
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 2_500 }), "marginWarning"), ["raised marginWarning account:DU1 critical"]);
    const farmDown = readyLink({ farms: [{ name: "usfarm", kind: "market", state: "broken", since: 2_000 }] });
    risk.apply({ type: "link", status: farmDown });
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 61_000 }), "farmBroken"), [], "a flap shorter than the hold time raises nothing");
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 62_001 }), "farmBroken"), ["raised farmBroken all warning"]);
    const farmBack = risk.apply({ type: "link", status: readyLink({ farms: [{ name: "usfarm", kind: "market", state: "ok", since: 63_000 }] }) });
    assert.deepEqual(summary(farmBack, "farmBroken"), ["cleared farmBroken all warning"]);
  });

  test("figures gone stale are alerted firm-wide, saying how many accounts", () => {
    const risk = engine();
    const changes = risk.apply({ type: "tick", at: 12_000 });
    const stale = changes.alerts.find((t) => t.alert.rule === "staleFigures")!.alert;
    assert.equal(stale.scope, "all");
    assert.equal(stale.level, "warning");
    assert.match(stale.message, /2 of 2 accounts/);
    risk.apply(values("DU1", { dailyPnL: 0 }, 13_000));
    risk.apply(values("DU2", { dailyPnL: 0 }, 13_000));
    assert.deepEqual(summary(risk.apply({ type: "tick", at: 13_500 })), ["cleared staleFigures all warning"]);
  });
});
