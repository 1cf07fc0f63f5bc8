import { test } from "node:test";
import assert from "node:assert/strict";
import { LivenessWatch } from "./liveness";

const OPTIONS = { heartbeatAfterMs: 5000, probeTimeoutMs: 5000, tickMs: 1000 };

/** Ticks the watch every `everyMs` from `from` to `to` inclusive; returns the verdicts that were not "wait". */
function run(watch: LivenessWatch, from: number, to: number, everyMs = 1000): Array<[number, string]> {
  const verdicts: Array<[number, string]> = [];
  for (let now = from; now <= to; now += everyMs) {
    const { verdict } = watch.tick(now);
    if (verdict !== "wait") verdicts.push([now, verdict]);
  }
  return verdicts;
}

test("a silent gateway is probed after heartbeatAfterMs and dropped after probeTimeoutMs more", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  assert.deepEqual(run(watch, 1000, 10_000), [
    [5000, "probe"],
    [10_000, "drop"],
  ]);
});

test("any message resets the silence and answers the probe", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  assert.deepEqual(run(watch, 1000, 5000), [[5000, "probe"]]);
  watch.heard(5500);
  assert.deepEqual(run(watch, 6000, 10_000), [], "silence counts from the message, not from the last tick");
  assert.deepEqual(run(watch, 11_000, 11_000), [[11_000, "probe"]]);
});

test("RiskDesk's own stall is not counted as the gateway's silence", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  assert.deepEqual(run(watch, 1000, 4000), []);
  // The loop was blocked: the tick due at 5 s runs at 12 s, 7 s late, and counts one second.
  const late = watch.tick(12_000);
  assert.deepEqual(late, { verdict: "probe", stalledMs: 7000 });
  // The probe's wait is judged the same way: another long stall does not time it out.
  assert.deepEqual(watch.tick(30_000), { verdict: "wait", stalledMs: 17_000 });
  // The answer sat in the socket during the stall and is read before the next verdict.
  watch.heard(30_001);
  assert.deepEqual(run(watch, 31_000, 35_000), []);
});

test("a probe still unanswered after probeTimeoutMs of listening drops the link, stalls or not", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  run(watch, 1000, 5000);
  assert.equal(watch.tick(9000).verdict, "wait", "one listening second after a 3 s stall");
  assert.deepEqual(run(watch, 10_000, 13_000), [[13_000, "drop"]]);
});

test("a drop due on a late tick is put off to the next tick, once", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  run(watch, 1000, 5000);
  run(watch, 6000, 9000);
  assert.equal(watch.tick(12_000).verdict, "wait", "due, but the tick ran 2 s late: the answer may be unread");
  assert.equal(watch.tick(15_000).verdict, "drop", "late again: a link is not kept for ever under sustained overload");
});

test("a new session starts with nothing heard and no probe out", () => {
  const watch = new LivenessWatch(OPTIONS);
  watch.reset(0);
  run(watch, 1000, 5000);
  watch.reset(100_000);
  assert.deepEqual(run(watch, 101_000, 105_000), [[105_000, "probe"]], "the old probe is forgotten; the gap before the reset is not silence");
});
