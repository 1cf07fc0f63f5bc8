import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALERT_RULES } from "@/lib/alerts";
import { loadAlertRules } from "./alert-rules-file";
import { startBackend } from "./backend";
import { ConfigError, loadConfig } from "./config";
import { createLogger } from "./logger";
import { defaultAlertRules } from "./risk/alerts/rules";
import { DEFAULT_RISK_THRESHOLDS } from "./risk/thresholds";

/** Writes `content` to a real file, loads it, and removes it. */
function load(content: string) {
  const dir = mkdtempSync(join(tmpdir(), "alert-rules-"));
  const file = join(dir, "rules.json");
  try {
    writeFileSync(file, content);
    return loadAlertRules(file, DEFAULT_RISK_THRESHOLDS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const refusal = (content: string, pattern: RegExp) =>
  assert.throws(() => load(content), (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.match(error.message, /ALERT_RULES_FILE=".*rules\.json"/);
    assert.match(error.message, pattern);
    return true;
  });

test("without a file the rules are the defaults, every rule once", () => {
  const rules = loadAlertRules(undefined, DEFAULT_RISK_THRESHOLDS);
  assert.deepEqual(rules.map((r) => r.rule), [...ALERT_RULES]);
  assert.deepEqual(rules, defaultAlertRules(DEFAULT_RISK_THRESHOLDS));
});

test("a complete rule from the file replaces the default", () => {
  const cushion = { rule: "cushion", enabled: true, warning: 0.2, critical: 0.1, hysteresis: 0.02, holdSeconds: 30, scopes: ["account"] };
  const rules = load(JSON.stringify([cushion]));
  assert.deepEqual(rules.find((r) => r.rule === "cushion"), cushion);
  assert.equal(rules.length, ALERT_RULES.length);
});

test("a partial file merges over the defaults, field by field", () => {
  const rules = load(JSON.stringify([{ rule: "dailyLoss", enabled: true, critical: 50_000 }, { rule: "linkDown", holdSeconds: 5 }]));
  const defaults = defaultAlertRules(DEFAULT_RISK_THRESHOLDS);
  assert.deepEqual(rules.find((r) => r.rule === "dailyLoss"), { ...defaults.find((r) => r.rule === "dailyLoss"), enabled: true, critical: 50_000 });
  assert.equal(rules.find((r) => r.rule === "linkDown")?.holdSeconds, 5);
  assert.deepEqual(rules.find((r) => r.rule === "cushion"), defaults.find((r) => r.rule === "cushion"));
});

test("a bad file is refused naming the file and the field", () => {
  refusal("{ not json", /JSON/);
  refusal(JSON.stringify({ rule: "cushion" }), /JSON array of rules/);
  refusal(JSON.stringify([{ rule: "cushion", warning: "ten" }]), /\[0\]\.warning \(cushion\)/);
  refusal(JSON.stringify([{ rule: "cushion" }, { rule: "nope", warning: 1 }]), /\[1\]\.rule \(nope\)/);
  refusal(JSON.stringify([{ rule: "cushion", scopes: ["desk"] }]), /\[0\]\.scopes\[0\] \(cushion\)/);
  refusal(JSON.stringify([{ rule: "cushion", colour: "red" }]), /\[0\] \(cushion\): .*colour/);
  refusal(JSON.stringify([{ rule: "marginUtilisation", warning: 0.9, critical: 0.8 }]), /\[0\]\.critical \(marginUtilisation\): .*at or above warning/);
  refusal(JSON.stringify([{ rule: "cushion", warning: 0.05, critical: 0.1 }]), /\[0\]\.critical \(cushion\): .*at or below warning/);
  refusal(JSON.stringify([{ rule: "cushion" }, { rule: "cushion" }]), /\[1\]\.rule \(cushion\): cushion appears more than once/);
});

test("a file that cannot be read is refused naming it", () => {
  assert.throws(() => loadAlertRules("/nonexistent/rules.json", DEFAULT_RISK_THRESHOLDS), /ALERT_RULES_FILE="\/nonexistent\/rules\.json"[\s\S]*ENOENT/);
});

test("the backend refuses to start on a bad file, before it opens anything (server/main.ts exits with 2)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "alert-rules-"));
  try {
    const file = join(dir, "rules.json");
    writeFileSync(file, JSON.stringify([{ rule: "cushion", hysteresis: -1 }]));
    await assert.rejects(startBackend(loadConfig({ ALERT_RULES_FILE: file, SQLITE_PATH: join(dir, "never.db") }), createLogger("silent")), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /\[0\]\.hysteresis \(cushion\)/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
