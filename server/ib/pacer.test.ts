import { afterEach, beforeEach, mock, test } from "node:test";
import assert from "node:assert/strict";
import { PRIORITY, RequestPacer } from "./pacer";

let now = 0;
beforeEach(() => {
  now = 0;
  mock.timers.enable({ apis: ["setTimeout"] });
});
afterEach(() => mock.timers.reset());

function advance(ms: number) {
  now += ms;
  mock.timers.tick(ms);
}

test("spreads requests evenly at maxPerSecond", () => {
  const pacer = new RequestPacer({ maxPerSecond: 4, now: () => now });
  const sent: number[] = [];
  for (let i = 0; i < 6; i++) pacer.enqueue(() => sent.push(now));
  assert.deepEqual(sent, [0]);
  for (let i = 0; i < 5; i++) advance(250);
  assert.deepEqual(sent, [0, 250, 500, 750, 1000, 1250]);
  assert.equal(pacer.pending, 0);
});

test("after a late timer it catches up by at most a tenth of a second's worth", () => {
  const pacer = new RequestPacer({ maxPerSecond: 40, now: () => now });
  const sent: number[] = [];
  for (let i = 0; i < 200; i++) pacer.enqueue(() => sent.push(now));
  advance(2000); // the event loop was blocked: the timer fires two seconds late
  for (let i = 0; i < 600; i++) advance(10);
  // Whatever the timer did, no one-second window holds more than 40 + 3.
  for (const start of sent) {
    const inWindow = sent.filter((t) => t >= start && t < start + 1000).length;
    assert.ok(inWindow <= 43, `${inWindow} sends in the second from ${start}`);
  }
  assert.equal(sent.length, 200);
});

test("waiting requests go out in priority order, first come first served within one", () => {
  const pacer = new RequestPacer({ maxPerSecond: 1, now: () => now });
  const sent: string[] = [];
  pacer.enqueue(() => sent.push("first"));
  pacer.enqueue(() => sent.push("low"), PRIORITY.low);
  pacer.enqueue(() => sent.push("normal-1"));
  pacer.enqueue(() => sent.push("high"), PRIORITY.high);
  pacer.enqueue(() => sent.push("normal-2"));
  for (let i = 0; i < 4; i++) advance(1000);
  assert.deepEqual(sent, ["first", "high", "normal-1", "normal-2", "low"]);
});

test("clear drops everything waiting", () => {
  const pacer = new RequestPacer({ maxPerSecond: 1, now: () => now });
  const sent: string[] = [];
  pacer.enqueue(() => sent.push("a"));
  pacer.enqueue(() => sent.push("b"));
  pacer.clear();
  advance(5000);
  assert.deepEqual(sent, ["a"]);
});

test("says when requests start waiting, before any of them goes out, and when the last has gone", () => {
  const changes: Array<{ waiting: boolean; pending: number; sent: number }> = [];
  let sent = 0;
  const pacer: RequestPacer = new RequestPacer({
    maxPerSecond: 4,
    now: () => now,
    onWaitingChange: (waiting) => changes.push({ waiting, pending: pacer.pending, sent }),
  });
  pacer.enqueue(() => (sent += 1));
  assert.equal(changes.length, 0, "a request sent at once never waited");
  for (let i = 0; i < 3; i++) pacer.enqueue(() => (sent += 1));
  assert.deepEqual(changes, [{ waiting: true, pending: 1, sent: 1 }], "the first waiting request is announced before it goes out");
  advance(250);
  advance(250);
  assert.equal(changes.length, 1, "no news while the queue drains");
  advance(250);
  assert.deepEqual(changes.at(-1), { waiting: false, pending: 0, sent: 4 });
  pacer.enqueue(() => (sent += 1));
  pacer.enqueue(() => (sent += 1));
  pacer.clear();
  assert.deepEqual(changes.slice(-2).map((change) => change.waiting), [true, false], "a cleared queue waits no more");
});
