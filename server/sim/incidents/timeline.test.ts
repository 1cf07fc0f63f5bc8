import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseScenario, type Incident } from "./schema";
import { FakeClock } from "./testing/fake-clock";
import { Timeline, type ScheduledStep } from "./timeline";

const scenario = parseScenario({
  name: "t",
  steps: [
    { at: 10, kind: "socket-drop" },
    { at: 0, kind: "price-shock", percent: -5 },
    { at: 2.5, kind: "margin-warning", account: "DU1" },
  ],
});

function setUp(fail?: (incident: Incident) => boolean) {
  const clock = new FakeClock();
  const ran: Array<[number, string]> = [];
  const failed: Array<[number, string]> = [];
  const timeline = new Timeline(
    clock,
    (incident) => {
      if (fail?.(incident)) throw new Error(`${incident.kind} refused`);
      ran.push([clock.now(), incident.kind]);
    },
    (step: ScheduledStep, error) => failed.push([step.step, (error as Error).message]),
  );
  return { clock, ran, failed, timeline };
}

describe("scenario timeline", () => {
  test("runs each step at its offset, and lists what is still to come", () => {
    const { clock, ran, timeline } = setUp();
    clock.advance(1000);
    const scheduled = timeline.start(scenario);
    assert.deepEqual(
      scheduled.map((s) => [s.step, s.dueAt]),
      [
        [1, 1000],
        [2, 3500],
        [3, 11_000],
      ],
    );
    clock.advance(0);
    assert.deepEqual(ran, [[1000, "price-shock"]]);
    assert.deepEqual(timeline.scheduled().map((s) => s.incident.kind), ["margin-warning", "socket-drop"]);
    clock.advance(2499);
    assert.equal(ran.length, 1, "not before its offset");
    clock.advance(1);
    assert.deepEqual(ran.at(-1), [3500, "margin-warning"]);
    clock.advance(7500);
    assert.deepEqual(ran.at(-1), [11_000, "socket-drop"]);
    assert.deepEqual(timeline.scheduled(), []);
  });

  test("a failing step is reported and the later steps still run", () => {
    const { clock, ran, failed, timeline } = setUp((incident) => incident.kind === "margin-warning");
    timeline.start(scenario);
    clock.advance(20_000);
    assert.deepEqual(failed, [[2, "margin-warning refused"]]);
    assert.deepEqual(ran.map(([, kind]) => kind), ["price-shock", "socket-drop"]);
  });

  test("cancel drops every step not yet run", () => {
    const { clock, ran, timeline } = setUp();
    timeline.start(scenario);
    clock.advance(3000);
    assert.equal(timeline.cancel(), 1);
    clock.advance(60_000);
    assert.deepEqual(ran.map(([, kind]) => kind), ["price-shock", "margin-warning"]);
    assert.equal(clock.pendingTimers, 0);
  });
});
