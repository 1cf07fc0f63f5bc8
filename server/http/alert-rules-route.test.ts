import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AlertRuleSet } from "@/lib/alerts";
import type { SecurityEvent } from "@/server/auth/audit";
import { defaultAlertRules } from "@/server/risk/alerts/rules";
import { DEFAULT_RISK_THRESHOLDS } from "@/server/risk/thresholds";
import { alertRulesRoute, type AlertRuleEdits, type AlertRulesControl } from "./alert-rules-route";

/** The engine's side of the route: holds a rule set, takes the rules sent over it. */
function engineRules(): AlertRulesControl & { current: AlertRuleSet } {
  const control = {
    current: defaultAlertRules(DEFAULT_RISK_THRESHOLDS),
    rules: () => control.current,
    setRules(rules: AlertRuleSet) {
      const changed = new Map(rules.map((settings) => [settings.rule, settings]));
      control.current = control.current.map((settings) => changed.get(settings.rule) ?? settings);
      return null;
    },
  };
  return control;
}

const put = (rules: AlertRuleSet) => ({
  method: "PUT",
  subpath: "",
  query: new URLSearchParams(),
  user: { id: 1, name: "max", role: "admin" as const, grants: [] },
  address: "127.0.0.1",
  body: async () => ({ rules }),
});

describe("PUT /api/alert-rules and the store", () => {
  const cushion = (rules: AlertRuleSet) => rules.find((settings) => settings.rule === "cushion")!;

  test("the rules sent are stored, by whom, before the admin is answered", async () => {
    const control = engineRules();
    const stored: Array<{ changes: AlertRuleSet; by: string }> = [];
    const edits: AlertRuleEdits = { save: async (changes, by) => void stored.push({ changes, by }) };
    const audits: SecurityEvent[] = [];
    const changed = { ...cushion(control.current), warning: 0.2 };
    const reply = await alertRulesRoute(control, async (event) => void audits.push(event), edits)(put([changed]));
    assert.equal(reply.status, 200);
    assert.deepEqual(stored, [{ changes: [changed], by: "max" }]);
    assert.equal(cushion(control.current).warning, 0.2);
    assert.equal(audits.at(-1)?.outcome, "ok");
  });

  test("the rules are stored before the engine takes them", async () => {
    const control = engineRules();
    const steps: string[] = [];
    const setRules = control.setRules.bind(control);
    control.setRules = (rules) => (steps.push("engine"), setRules(rules));
    const edits: AlertRuleEdits = { save: async () => void steps.push("store") };
    const reply = await alertRulesRoute(control, async () => {}, edits)(put([{ ...cushion(control.current), warning: 0.2 }]));
    assert.equal(reply.status, 200);
    assert.deepEqual(steps, ["store", "engine"]);
  });

  test("when the store cannot keep them the engine is never touched, and the admin is told", async () => {
    const control = engineRules();
    const before = control.current;
    let engineCalls = 0;
    const setRules = control.setRules.bind(control);
    control.setRules = (rules) => (engineCalls++, setRules(rules));
    const audits: SecurityEvent[] = [];
    const edits: AlertRuleEdits = { save: () => Promise.reject(new Error("database is locked")) };
    const reply = await alertRulesRoute(control, async (event) => void audits.push(event), edits)(put([{ ...cushion(before), warning: 0.2 }]));
    assert.equal(reply.status, 503);
    assert.match(String((reply as { body: { error: string } }).body.error), /could not be stored/);
    assert.deepEqual(control.current, before);
    assert.equal(engineCalls, 0, "no raise/clear pair from rules applied then rolled back");
    assert.equal(audits.at(-1)?.outcome, "refused");
    assert.match(JSON.stringify(audits.at(-1)?.details), /database is locked/);
  });
});
