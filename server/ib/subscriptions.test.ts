import { afterEach, describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import { PRIORITY, RequestPacer } from "./pacer";
import { SubscriptionRegistry, type Subscription } from "./subscriptions";

/** A subscription that writes what it was asked to do into a shared journal. */
function recording(key: string, journal: string[]): Subscription {
  return {
    key,
    priority: PRIORITY.normal,
    start: (reqId) => journal.push(`start ${key} #${reqId}`),
    stop: (reqId) => journal.push(`stop ${key} #${reqId}`),
  };
}

const unpaced = () => new RequestPacer({ maxPerSecond: 1000 });

test("nothing is sent before a session starts; everything is sent when it does", () => {
  const journal: string[] = [];
  const registry = new SubscriptionRegistry(unpaced());
  registry.add(recording("a", journal));
  registry.add(recording("b", journal));
  assert.deepEqual(journal, []);
  registry.startSession();
  assert.deepEqual(journal, ["start a #1", "start b #2"]);
});

test("every session gets fresh request ids, so late replies to old ones are not routed", () => {
  const journal: string[] = [];
  const registry = new SubscriptionRegistry(unpaced());
  const a = recording("a", journal);
  registry.add(a);
  registry.startSession();
  registry.endSession();
  assert.equal(registry.lookup(1), undefined);
  registry.startSession();
  assert.deepEqual(journal, ["start a #1", "start a #2"]);
  assert.equal(registry.lookup(2), a);
});

test("a restart on the same socket (1101) cancels the old requests first", () => {
  const journal: string[] = [];
  const registry = new SubscriptionRegistry(unpaced());
  registry.add(recording("a", journal));
  registry.startSession();
  registry.startSession();
  assert.deepEqual(journal, ["start a #1", "stop a #1", "start a #2"]);
});

test("removing a live subscription cancels it; adding during a session sends it at once", () => {
  const journal: string[] = [];
  const registry = new SubscriptionRegistry(unpaced());
  registry.startSession();
  registry.add(recording("a", journal));
  registry.add(recording("a", journal));
  registry.remove("a");
  registry.remove("a");
  assert.deepEqual(journal, ["start a #1", "stop a #1"]);
  registry.startSession();
  assert.deepEqual(journal, ["start a #1", "stop a #1"], "a removed subscription is not sent again");
});

describe("requests still waiting in the pacer", () => {
  let now = 0;
  afterEach(() => mock.timers.reset());
  function slowRegistry() {
    now = 0;
    mock.timers.enable({ apis: ["setTimeout"] });
    return new SubscriptionRegistry(new RequestPacer({ maxPerSecond: 1, now: () => now }));
  }
  /** Lets the pacer work through `seconds` of its one-per-second budget. */
  const advance = (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      now += 1000;
      mock.timers.tick(1000);
    }
  };

  test("a subscription removed before its start went out is neither started nor cancelled", () => {
    const journal: string[] = [];
    const registry = slowRegistry();
    registry.add(recording("a", journal));
    registry.add(recording("b", journal));
    registry.startSession();
    registry.remove("b");
    advance(5);
    assert.deepEqual(journal, ["start a #1"]);
  });

  test("a new session (1101) supersedes queued starts instead of adding duplicates", () => {
    const journal: string[] = [];
    const registry = slowRegistry();
    registry.add(recording("a", journal));
    registry.add(recording("b", journal));
    registry.startSession();
    registry.startSession();
    advance(10);
    assert.deepEqual(journal, ["start a #1", "stop a #1", "start a #3", "start b #4"]);
  });
});

test("request errors reach the subscription that made the request", () => {
  const errors: number[] = [];
  const registry = new SubscriptionRegistry(unpaced());
  registry.add({ ...recording("a", []), onError: (message) => errors.push(message.code) });
  registry.startSession();
  assert.equal(registry.routeError({ code: 321, message: "bad", reqId: 1 }), true);
  assert.equal(registry.routeError({ code: 321, message: "bad", reqId: 99 }), false);
  assert.equal(registry.routeError({ code: 2104, message: "ok", reqId: null }), false);
  assert.deepEqual(errors, [321]);
});
