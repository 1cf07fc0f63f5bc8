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

  test("when the store cannot keep them the engine goes back to the rules it had, and the admin is told", async () => {
    const control = engineRules();
    const before = control.current;
    const audits: SecurityEvent[] = [];
    const edits: AlertRuleEdits = { save: () => Promise.reject(new Error("database is locked")) };
    const reply = await alertRulesRoute(control, async (event) => void audits.push(event), edits)(put([{ ...cushion(before), warning: 0.2 }]));
    assert.equal(reply.status, 503);
    assert.match(String((reply as { body: { error: string } }).body.error), /could not be stored/);
    assert.deepEqual(control.current, before);
    assert.equal(audits.at(-1)?.outcome, "refused");
    assert.match(JSON.stringify(audits.at(-1)?.details), /database is locked/);
  });
});
