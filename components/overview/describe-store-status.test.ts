import { test } from "node:test";
import assert from "node:assert/strict";
import type { StoreStatus } from "@/lib/stream";
import { describeStoreStatus } from "./describe-store-status";

const ok: StoreStatus = { state: "ok", queued: 3, queuedAudit: 0, queuedAlerts: 0, droppedSamples: 0, since: Date.UTC(2026, 0, 2, 14, 3, 5), lastError: null };

test("ok says so, with the samples an earlier outage cost", () => {
  assert.equal(describeStoreStatus(ok), "Store ok.");
  assert.equal(describeStoreStatus({ ...ok, droppedSamples: 1200 }), "Store ok; 1,200 history samples dropped since start.");
});

test("unreachable and backlogged say since when, what waits, and that the figures stay live", () => {
  const down = describeStoreStatus({ ...ok, state: "unreachable", queued: 12_345, queuedAudit: 7, queuedAlerts: 0, droppedSamples: 40, lastError: "connect ECONNREFUSED 127.0.0.1:5432" });
  assert.match(down, /^Store unreachable since \d\d:\d\d:\d\d \(connect ECONNREFUSED 127\.0\.0\.1:5432\): 12,345 writes queued \(7 audit records, never dropped\); 40 history samples dropped since start\. Figures stay live/);
  const stalled = describeStoreStatus({ ...ok, state: "backlogged", queued: 20, queuedAudit: 1, lastError: "a database write has not finished after 10000 ms" });
  assert.match(stalled, /^Store backlogged since \d\d:\d\d:\d\d: 20 writes queued \(1 audit records, never dropped\)\. Figures stay live/);
});
