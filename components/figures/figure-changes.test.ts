import { test } from "node:test";
import assert from "node:assert/strict";
import { nextChanges, NO_CHANGES, type FigureChanges, type FigureReading } from "./figure-changes";

const reading = (value: number | null, fields: Partial<FigureReading> = {}): FigureReading => ({ value, level: undefined, stale: false, ...fields });

/** The changes after a figure shows `readings` in turn, from the first. */
function changesOver(...readings: FigureReading[]): FigureChanges {
  let changes = NO_CHANGES;
  for (let i = 1; i < readings.length; i += 1) changes = nextChanges(changes, readings[i - 1]!, readings[i]!);
  return changes;
}

test("a changed value flashes, each change anew; an unchanged one does not", () => {
  assert.deepEqual(changesOver(reading(1), reading(2), reading(2), reading(3)), { valueChanges: 2, verdict: null });
});

test("a level that rises is a verdict change, named, in the new level's tone, instead of a flash", () => {
  const changes = changesOver(reading(0.4, { level: "ok" }), reading(0.55, { level: "warn" }), reading(0.85, { level: "critical" }));
  assert.deepEqual(changes, { valueChanges: 0, verdict: { count: 2, change: { tone: "critical", label: "\u2716 now Critical" } } });
});

test("a level that falls back is a verdict change too, worded as a return", () => {
  const changes = changesOver(reading(0.85, { level: "critical" }), reading(0.4, { level: "ok" }));
  assert.deepEqual(changes.verdict?.change, { tone: "ok", label: "\u2713 back to OK" });
});

test("a value moving within its level only flashes", () => {
  assert.deepEqual(changesOver(reading(0.41, { level: "ok" }), reading(0.42, { level: "ok" })), { valueChanges: 1, verdict: null });
});

test("a level that comes or goes with its value is not a verdict change", () => {
  const changes = changesOver(reading(null), reading(0.9, { level: "critical" }), reading(null));
  assert.deepEqual(changes, { valueChanges: 2, verdict: null });
});

test("fresh to stale and back are verdict changes", () => {
  assert.deepEqual(changesOver(reading(5), reading(5, { stale: true })).verdict?.change, { tone: "warn", label: "\u26a0 now stale" });
  assert.deepEqual(changesOver(reading(5, { stale: true }), reading(6)).verdict?.change, { tone: "ok", label: "\u2713 fresh again" });
});

test("when two verdicts change at once, the one that got worse is shown", () => {
  const fresherButCritical = changesOver(reading(0.6, { level: "warn", stale: true }), reading(0.9, { level: "critical" }));
  assert.equal(fresherButCritical.verdict?.change.tone, "critical");
  const staleButBetter = changesOver(reading(0.9, { level: "critical" }), reading(0.6, { level: "warn", stale: true }));
  assert.deepEqual(staleButBetter.verdict?.change, { tone: "warn", label: "\u26a0 now stale" });
});

test("a value change keeps the verdict last shown, and its count", () => {
  const changes = changesOver(reading(5), reading(5, { stale: true }), reading(5), reading(7));
  assert.deepEqual(changes, { valueChanges: 1, verdict: { count: 2, change: { tone: "ok", label: "\u2713 fresh again" } } });
});
