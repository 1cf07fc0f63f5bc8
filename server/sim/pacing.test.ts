import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { RateWindow } from "./pacing";

describe("pacing window", () => {
  test("serves `max` messages per sliding second; the excess is counted but not served", () => {
    const window = new RateWindow(1000);
    const results = Array.from({ length: 7 }, (_, i) => window.admit(i, 5));
    assert.deepEqual(results.map((r) => r.served), [true, true, true, true, true, false, false]);
    assert.deepEqual(results.map((r) => r.received), [1, 2, 3, 4, 5, 6, 7]);
    // At t=1000 the first message (t=0) leaves the window: one slot frees.
    assert.deepEqual(window.admit(1000, 5), { served: true, received: 7 });
    assert.deepEqual(window.admit(1000.5, 5), { served: false, received: 8 });
    // A second later everything has left.
    assert.deepEqual(window.admit(2500, 5), { served: true, received: 1 });
  });

  test("hasRoom tells whether a message would be served now without counting it", () => {
    const window = new RateWindow(1000);
    for (let i = 0; i < 3; i++) window.admit(i, 3);
    assert.equal(window.hasRoom(10, 3), false);
    assert.equal(window.hasRoom(10, 3), false);
    assert.equal(window.hasRoom(1000, 3), true, "the message at t=0 has left the window");
    assert.deepEqual(window.admit(1000, 3), { served: true, received: 3 });
  });

  test("stays cheap over a long run", () => {
    const window = new RateWindow(1000);
    let served = 0;
    const started = performance.now();
    // 100 messages per millisecond for 3 seconds: 50 served in each second.
    for (let i = 0; i < 300_000; i++) if (window.admit(i / 100, 50).served) served++;
    assert.equal(served, 150);
    assert.ok(performance.now() - started < 500, "the window is trimmed as it slides");
  });
});
