import { test } from "node:test";
import assert from "node:assert/strict";
import { ALERT_RULES, alertRuleSetSchema } from "@/lib/alerts";
import { DEFAULT_RISK_THRESHOLDS } from "../thresholds";
import { alertMessage } from "./messages";
import { alertRuleSetProblems, defaultAlertRules, mergeAlertRules } from "./rules";

test("the defaults cover every rule once, pass the schema and are consistent", () => {
  const defaults = defaultAlertRules(DEFAULT_RISK_THRESHOLDS);
  assert.deepEqual(defaults.map((r) => r.rule), [...ALERT_RULES]);
  assert.ok(alertRuleSetSchema.safeParse(defaults).success);
  assert.deepEqual(alertRuleSetProblems(defaults), []);
});

test("margin utilisation and concentration default to the engine's own thresholds", () => {
  const defaults = defaultAlertRules({ ...DEFAULT_RISK_THRESHOLDS, utilisationWarn: 0.7, utilisationCritical: 0.85, concentrationUnderlying: 0.3 });
  assert.deepEqual(defaults.find((r) => r.rule === "marginUtilisation")?.warning, 0.7);
  assert.deepEqual(defaults.find((r) => r.rule === "marginUtilisation")?.critical, 0.85);
  assert.deepEqual(defaults.find((r) => r.rule === "concentration")?.warning, 0.3);
});

test("a merge replaces the rules it names and keeps the order of ALERT_RULES", () => {
  const defaults = defaultAlertRules(DEFAULT_RISK_THRESHOLDS);
  const linkDown = { ...defaults.find((r) => r.rule === "linkDown")!, critical: 30 };
  const cushion = { ...defaults.find((r) => r.rule === "cushion")!, enabled: false };
  const merged = mergeAlertRules(defaults, [linkDown, cushion]);
  assert.deepEqual(merged.map((r) => r.rule), [...ALERT_RULES]);
  assert.equal(merged.find((r) => r.rule === "linkDown"), linkDown);
  assert.equal(merged.find((r) => r.rule === "cushion"), cushion);
});

test("messages say the value and the threshold in the rule's unit", () => {
  const base = { subject: null, level: "critical" as const, currency: "USD" };
  assert.equal(alertMessage({ ...base, rule: "cushion", value: 0.042, threshold: 0.05 }), "Cushion: 4.2 % (critical at 5.0 %)");
  assert.equal(alertMessage({ ...base, rule: "excessLiquidity", value: -12_345.6, threshold: 0 }), "Excess liquidity: -12,346 USD (critical at 0 USD)");
  assert.equal(alertMessage({ ...base, rule: "linkDown", value: 12.2, threshold: 10 }), "Link to the IB gateway down: for 12 s (critical at 10 s)");
  assert.equal(
    alertMessage({ ...base, rule: "farmBroken", subject: "usfarm", level: "warning", value: 61, threshold: 60 }),
    "Data farm broken (usfarm): for 61 s (warning at 60 s)",
  );
  assert.equal(alertMessage({ ...base, rule: "marginWarning", value: 3, threshold: 900 }), "IB margin warning (2148) received: 3 s ago (critical for 900 s)");
});
