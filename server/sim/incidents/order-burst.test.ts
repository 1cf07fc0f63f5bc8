import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fillBurst, type BurstTarget } from "./order-burst";
import { FakeClock } from "./testing/fake-clock";

/** Working orders per account; each fill takes one, as the orders model would. */
function book(working: Record<string, number>): BurstTarget & { calls: Array<string | undefined> } {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    fillOrders(count, accountId) {
      calls.push(accountId);
      const accounts = accountId === undefined ? Object.keys(working) : [accountId];
      const from = accounts.find((account) => (working[account] ?? 0) > 0);
      if (!from || count < 1) return 0;
      working[from]!--;
      return 1;
    },
  };
}

describe("fillBurst", () => {
  test("fills one working order of the named account every interval, up to the count", async () => {
    const clock = new FakeClock();
    const target = book({ A: 5, B: 5 });
    const burst = fillBurst(target, { account: "A", count: 3, intervalMs: 100 }, clock);
    assert.equal(burst.filled, 1, "the first fill is at once");
    clock.advance(99);
    assert.equal(burst.filled, 1);
    clock.advance(1);
    assert.equal(burst.filled, 2);
    clock.advance(1000);
    await burst.done;
    assert.equal(burst.filled, 3);
    assert.deepEqual(new Set(target.calls), new Set(["A"]));
    assert.equal(clock.pendingTimers, 0);
  });

  test("ends early when no working order is left; all accounts' orders without an account", async () => {
    const clock = new FakeClock();
    const target = book({ A: 1, B: 1 });
    const burst = fillBurst(target, { count: 10, intervalMs: 50 }, clock);
    clock.advance(1000);
    await burst.done;
    assert.equal(burst.filled, 2);
    assert.equal(clock.pendingTimers, 0);
  });

  test("refuses to start without a working order to fill, and stops on demand", async () => {
    assert.throws(() => fillBurst(book({ A: 0 }), { account: "A", count: 3, intervalMs: 10 }, new FakeClock()), /A has no working order to fill/);
    const clock = new FakeClock();
    const burst = fillBurst(book({ A: 9 }), { account: "A", count: 9, intervalMs: 10 }, clock);
    burst.stop();
    await burst.done;
    clock.advance(1000);
    assert.equal(burst.filled, 1);
  });
});
