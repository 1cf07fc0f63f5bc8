import { test } from "node:test";
import assert from "node:assert/strict";
import { exposureBucketSchema } from "./exposure";
import { figureSchema } from "./figures";
import { positionFiguresSchema } from "./positions";

test("a figure is a finite number, or null where IB has no value, optionally stale", () => {
  assert.ok(figureSchema.safeParse({ value: 1.5, changedAt: 1 }).success);
  assert.ok(figureSchema.safeParse({ value: null, changedAt: 1 }).success);
  assert.ok(figureSchema.safeParse({ value: 2, changedAt: 1, stale: true }).success);
  for (const value of [Infinity, -Infinity, NaN, "1", undefined]) {
    assert.equal(figureSchema.safeParse({ value, changedAt: 1 }).success, false, String(value));
  }
  assert.equal(figureSchema.safeParse({ value: 1, changedAt: 1, stale: false }).success, false, "stale is present only when true");
});

test("the other numbers that come from IB are finite too", () => {
  assert.equal(positionFiguresSchema.safeParse(["DU1|1", Infinity, null, null, null, null, null, 1]).success, false);
  assert.equal(exposureBucketSchema.safeParse({ key: "AAPL", long: NaN, short: 0, net: 0, gross: 0, shareOfNetLiq: null }).success, false);
});
