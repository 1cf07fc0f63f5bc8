import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { multiplierAt, peakMultiplier, SqueezeError } from "./margin-squeeze";

describe("margin squeeze plan", () => {
  test("the peak multiplier takes utilisation to the severity, never below 1", () => {
    assert.equal(peakMultiplier("A", { maintMargin: 250, netLiquidation: 1000 }, 1), 4);
    assert.equal(peakMultiplier("A", { maintMargin: 950, netLiquidation: 1000 }, 0.5), 1);
    assert.throws(() => peakMultiplier("A", { maintMargin: 0, netLiquidation: 1000 }, 1), SqueezeError);
    assert.throws(() => peakMultiplier("A", { maintMargin: 10, netLiquidation: -5 }, 1), /no margin requirement/);
  });

  test("ramps up, holds, recovers, then stays at 1", () => {
    const plan = { peak: 3, rampSeconds: 10, holdSeconds: 5, recoverSeconds: 4 };
    assert.deepEqual(
      [-1, 0, 5, 10, 14.9, 15, 17, 19, 100].map((t) => multiplierAt(plan, t)),
      [1, 1, 2, 3, 3, 3, 2, 1, 1],
    );
    assert.equal(multiplierAt({ peak: 2, rampSeconds: 0, holdSeconds: 1, recoverSeconds: 0 }, 0), 2, "no ramp: at the peak at once");
  });
});
