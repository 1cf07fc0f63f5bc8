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

test("sends at most maxPerSecond requests in any one-second window", () => {
  const pacer = new RequestPacer({ maxPerSecond: 3, now: () => now });
  const sent: number[] = [];
  for (let i = 0; i < 7; i++) pacer.enqueue(() => sent.push(now));
  assert.deepEqual(sent, [0, 0, 0]);
  advance(999);
  assert.equal(sent.length, 3);
  advance(1);
  assert.deepEqual(sent, [0, 0, 0, 1000, 1000, 1000]);
  advance(1000);
  assert.equal(sent.length, 7);
  assert.equal(pacer.pending, 0);
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
