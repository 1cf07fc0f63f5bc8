import { test } from "node:test";
import assert from "node:assert/strict";
import { bucketStart, downsample, resolutionForAge } from "./downsampling";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test("samples are kept every 10 s for a day, every minute up to a week, every 15 minutes after", () => {
  assert.equal(resolutionForAge(0), 10);
  assert.equal(resolutionForAge(DAY), 10);
  assert.equal(resolutionForAge(DAY + 1), 60);
  assert.equal(resolutionForAge(7 * DAY), 60);
  assert.equal(resolutionForAge(7 * DAY + 1), 900);
  assert.equal(resolutionForAge(365 * DAY), 900);
});

test("a bucket starts on a multiple of its resolution", () => {
  const at = Date.UTC(2026, 0, 2, 14, 7, 41, 500);
  assert.equal(bucketStart(at, 60), Date.UTC(2026, 0, 2, 14, 7));
  assert.equal(bucketStart(at, 900), Date.UTC(2026, 0, 2, 14, 0));
});

test("downsampling keeps the latest sample of each scope and bucket, whatever the order", () => {
  const at = (minute: number, second: number) => new Date(Date.UTC(2026, 0, 2, 14, minute, second));
  const samples = [
    { id: 1, scope: "all", at: at(0, 0) },
    { id: 2, scope: "all", at: at(0, 50) },
    { id: 3, scope: "all", at: at(0, 20) },
    { id: 4, scope: "account:DU1", at: at(0, 10) },
    { id: 5, scope: "all", at: at(1, 0) },
  ];
  const { keep, remove } = downsample(samples, 60);
  assert.deepEqual([...keep].sort(), [2, 4, 5]);
  assert.deepEqual([...remove].sort(), [1, 3]);
});

test("nothing to downsample keeps nothing and removes nothing", () => {
  assert.deepEqual(downsample([], 60), { keep: [], remove: [] });
});
