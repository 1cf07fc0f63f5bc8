import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AlertRuleSettings } from "@/lib/alerts";
import { AlertBook, type AlertTransition, type Reading } from "./alert-book";
import { levelOf } from "./levels";

const UTILISATION: AlertRuleSettings = {
  rule: "marginUtilisation",
  enabled: true,
  warning: 0.8,
  critical: 0.9,
  hysteresis: 0.05,
  holdSeconds: 0,
  scopes: ["account", "group", "firm"],
};
const CUSHION: AlertRuleSettings = { ...UTILISATION, rule: "cushion", warning: 0.1, critical: 0.05, hysteresis: 0.02 };

/** Feeds a sequence of values to one rule on one scope; returns every transition as "change:level". */
function run(settings: AlertRuleSettings, values: Array<number | null>, scope = "account:DU1"): { book: AlertBook; steps: string[][] } {
  const book = new AlertBook([settings]);
  const steps = values.map((value, i) => {
    const out: AlertTransition[] = [];
    book.evaluate(settings.rule, scope, [{ subject: null, value, currency: "USD" }], i * 1000, out);
    return out.map(({ change, alert }) => `${change}:${alert.level}`);
  });
  return { book, steps };
}

describe("levels with hysteresis", () => {
  test("a higher-is-worse value enters a level at its threshold and leaves it only past the hysteresis", () => {
    assert.equal(levelOf(0.79, UTILISATION, "higher", null), null);
    assert.equal(levelOf(0.8, UTILISATION, "higher", null), "warning");
    assert.equal(levelOf(0.9, UTILISATION, "higher", null), "critical");
    assert.equal(levelOf(0.86, UTILISATION, "higher", "critical"), "critical", "within 0.05 of 0.9");
    assert.equal(levelOf(0.849, UTILISATION, "higher", "critical"), "warning");
    assert.equal(levelOf(0.76, UTILISATION, "higher", "warning"), "warning");
    assert.equal(levelOf(0.749, UTILISATION, "higher", "warning"), null);
  });

  test("a lower-is-worse value (cushion) mirrors it", () => {
    assert.equal(levelOf(0.11, CUSHION, "lower", null), null);
    assert.equal(levelOf(0.1, CUSHION, "lower", null), "warning");
    assert.equal(levelOf(0.05, CUSHION, "lower", null), "critical");
    assert.equal(levelOf(0.06, CUSHION, "lower", "critical"), "critical");
    assert.equal(levelOf(0.071, CUSHION, "lower", "critical"), "warning");
    assert.equal(levelOf(0.12, CUSHION, "lower", "warning"), "warning");
    assert.equal(levelOf(0.121, CUSHION, "lower", "warning"), null);
  });

  test("a level that is off is never reached", () => {
    assert.equal(levelOf(5, { ...UTILISATION, warning: null }, "higher", null), "critical");
    assert.equal(levelOf(0.85, { ...UTILISATION, warning: null }, "higher", null), null);
    assert.equal(levelOf(0.88, { ...UTILISATION, warning: null }, "higher", "critical"), "critical");
    assert.equal(levelOf(0.84, { ...UTILISATION, warning: null }, "higher", "critical"), null);
  });
});

describe("an alert episode", () => {
  test("is raised, escalates, eases and clears, once each", () => {
    const { steps, book } = run(UTILISATION, [0.5, 0.82, 0.83, 0.95, 0.87, 0.84, 0.79, 0.7]);
    assert.deepEqual(steps, [[], ["raised:warning"], [], ["levelChanged:critical"], [], ["levelChanged:warning"], [], ["cleared:warning"]]);
    assert.deepEqual(book.active(), []);
  });

  test("does not flap on a value hovering around a threshold", () => {
    const { steps } = run(UTILISATION, [0.81, 0.79, 0.8, 0.78, 0.81, 0.76]);
    assert.deepEqual(steps.flat(), ["raised:warning"]);
  });

  test("keeps its id, key, raise time, and says its value and threshold", () => {
    const book = new AlertBook([UTILISATION]);
    const out: AlertTransition[] = [];
    book.evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 0.85 }], 1000, out);
    book.evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 0.95 }], 2000, out);
    const [raised, escalated] = out.map((t) => t.alert);
    assert.equal(raised!.key, "marginUtilisation|account:DU1");
    assert.equal(escalated!.id, raised!.id);
    assert.equal(escalated!.raisedAt, 1000);
    assert.equal(escalated!.levelSince, 2000);
    assert.equal(escalated!.threshold, 0.9);
    assert.equal(escalated!.value, 0.95);
    assert.equal(escalated!.message, "Margin utilisation: 95.0 % (critical at 90.0 %)");
    assert.deepEqual(book.active(), [escalated]);
  });

  test("is deduplicated by key, and a new episode after a clear has a new id", () => {
    const { steps, book } = run(UTILISATION, [0.85, 0.85, 0.86]);
    assert.deepEqual(steps.flat(), ["raised:warning"]);
    const first = book.active()[0]!.id;
    const out: AlertTransition[] = [];
    book.evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 0.1 }], 10_000, out);
    book.evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 0.85 }], 11_000, out);
    assert.deepEqual(out.map((t) => t.change), ["cleared", "raised"]);
    assert.equal(out[0]!.alert.clearedAt, 10_000);
    assert.notEqual(out[1]!.alert.id, first);
  });

  test("an unavailable value raises nothing and clears nothing", () => {
    const { steps, book } = run(UTILISATION, [null, 0.95, null, null]);
    assert.deepEqual(steps, [[], ["raised:critical"], [], []]);
    assert.equal(book.active().length, 1);
  });

  test("scopes are apart: one key per rule and scope", () => {
    const book = new AlertBook([UTILISATION]);
    const out: AlertTransition[] = [];
    for (const scope of ["account:DU1", "group:Growth", "all"]) book.evaluate("marginUtilisation", scope, [{ subject: null, value: 0.95 }], 1, out);
    assert.deepEqual(out.map((t) => t.alert.key), ["marginUtilisation|account:DU1", "marginUtilisation|group:Growth", "marginUtilisation|all"]);
  });

  test("a scope kind the rule is not set for is not evaluated; a disabled rule raises nothing", () => {
    const out: AlertTransition[] = [];
    new AlertBook([{ ...UTILISATION, scopes: ["firm"] }]).evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 1 }], 1, out);
    new AlertBook([{ ...UTILISATION, enabled: false }]).evaluate("marginUtilisation", "all", [{ subject: null, value: 1 }], 1, out);
    new AlertBook([]).evaluate("marginUtilisation", "all", [{ subject: null, value: 1 }], 1, out);
    assert.deepEqual(out, []);
  });
});

describe("hold time", () => {
  const held = { ...UTILISATION, holdSeconds: 5 };
  const feed = (book: AlertBook, value: number, at: number) => {
    const out: AlertTransition[] = [];
    book.evaluate("marginUtilisation", "all", [{ subject: null, value }], at, out);
    return out.map((t) => `${t.change}:${t.alert.level}`);
  };

  test("a condition is raised only once it has lasted the hold time, even with no new value", () => {
    const book = new AlertBook([held]);
    assert.deepEqual(feed(book, 0.85, 0), []);
    assert.deepEqual(feed(book, 0.86, 4_000), []);
    const out: AlertTransition[] = [];
    book.advance(4_999, out);
    assert.equal(out.length, 0);
    book.advance(5_000, out);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.level}`), ["raised:warning"]);
    assert.equal(out[0]!.alert.value, 0.86, "the last value read");
  });

  test("a condition shorter than the hold time raises nothing, and its clock restarts", () => {
    const book = new AlertBook([held]);
    feed(book, 0.85, 0);
    feed(book, 0.5, 3_000);
    feed(book, 0.85, 4_000);
    const out: AlertTransition[] = [];
    book.advance(8_000, out);
    assert.deepEqual(out, []);
    book.advance(9_000, out);
    assert.equal(out.length, 1);
  });

  test("an escalation holds too; easing and clearing do not wait", () => {
    const book = new AlertBook([held]);
    feed(book, 0.85, 0);
    assert.deepEqual(feed(book, 0.95, 5_000), ["raised:warning"], "warning held 5 s, critical only just reached");
    assert.deepEqual(feed(book, 0.95, 10_000), ["levelChanged:critical"]);
    assert.deepEqual(feed(book, 0.5, 10_001), ["cleared:critical"]);
  });
});

describe("subjects", () => {
  const concentration: AlertRuleSettings = { ...UTILISATION, rule: "concentration", warning: 0.25, critical: 0.5, hysteresis: 0 };
  test("each subject is its own alert; a subject no longer read has cleared", () => {
    const book = new AlertBook([concentration]);
    const out: AlertTransition[] = [];
    const read = (readings: Reading[], at: number) => book.evaluate("concentration", "all", readings, at, out);
    read([{ subject: "AAPL", value: 0.3 }, { subject: "MSFT", value: 0.6 }, { subject: "IBM", value: 0.01 }], 1);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.subject}:${t.alert.level}`), ["raised:AAPL:warning", "raised:MSFT:critical"]);
    out.length = 0;
    read([{ subject: "AAPL", value: 0.31 }], 2);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.subject}`), ["cleared:MSFT"]);
    out.length = 0;
    read([{ subject: "AAPL", value: null }], 3);
    assert.equal(out.length, 0, "an unavailable share keeps its alert");
    read([], 4);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.subject}`), ["cleared:AAPL"]);
  });
});

describe("acknowledgement", () => {
  const ack = { by: "risk", at: 5, note: "calling the client" };

  test("marks the active alert, once", () => {
    const { book } = run(UTILISATION, [0.85]);
    const { id } = book.active()[0]!;
    const result = book.acknowledge(id, ack);
    assert.ok(result.ok);
    assert.equal(result.transition.change, "acknowledged");
    assert.deepEqual(result.transition.alert.acknowledged, ack);
    assert.deepEqual(book.active()[0]!.acknowledged, ack);
    assert.deepEqual(book.acknowledge(id, ack), { ok: false, reason: `alert ${id} was already acknowledged by risk` });
  });

  test("of an unknown or cleared alert is refused", () => {
    const { book } = run(UTILISATION, [0.85, 0.1]);
    assert.equal(book.active().length, 0);
    const result = book.acknowledge("marginUtilisation|account:DU1@0.1", ack);
    assert.deepEqual(result, { ok: false, reason: "no active alert marginUtilisation|account:DU1@0.1: it has cleared or never existed" });
    assert.equal(book.acknowledge("nonsense", ack).ok, false);
  });

  test("stays through an easing, and is asked for again on an escalation", () => {
    const book = new AlertBook([UTILISATION]);
    const out: AlertTransition[] = [];
    const read = (value: number, at: number) => book.evaluate("marginUtilisation", "all", [{ subject: null, value }], at, out);
    read(0.95, 1);
    book.acknowledge(book.active()[0]!.id, ack);
    read(0.8, 2);
    assert.deepEqual(book.active()[0]!.acknowledged, ack, "eased to warning, still acknowledged");
    read(0.95, 3);
    assert.equal(book.active()[0]!.acknowledged, null, "critical again: someone must look again");
  });
});

describe("rule changes", () => {
  test("alerts of a rule turned off, or of a scope kind taken out, clear", () => {
    const book = new AlertBook([UTILISATION]);
    const out: AlertTransition[] = [];
    book.evaluate("marginUtilisation", "account:DU1", [{ subject: null, value: 0.95 }], 1, out);
    book.evaluate("marginUtilisation", "all", [{ subject: null, value: 0.95 }], 1, out);
    out.length = 0;
    book.setRules([{ ...UTILISATION, scopes: ["firm"] }], 2, out);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.scope}`), ["cleared:account:DU1"]);
    book.setRules([{ ...UTILISATION, enabled: false }], 3, out);
    assert.deepEqual(out.map((t) => `${t.change}:${t.alert.scope}`), ["cleared:account:DU1", "cleared:all"]);
    assert.deepEqual(book.active(), []);
  });

  test("new thresholds apply to the next reading, hysteresis included", () => {
    const book = new AlertBook([UTILISATION]);
    const out: AlertTransition[] = [];
    book.evaluate("marginUtilisation", "all", [{ subject: null, value: 0.85 }], 1, out);
    book.setRules([{ ...UTILISATION, warning: 0.95, critical: 0.99 }], 2, out);
    book.evaluate("marginUtilisation", "all", [{ subject: null, value: 0.85 }], 2, out);
    assert.deepEqual(out.map((t) => t.change), ["raised", "cleared"]);
  });
});
