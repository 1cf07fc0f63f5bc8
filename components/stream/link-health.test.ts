import { test } from "node:test";
import assert from "node:assert/strict";

import { readyLink } from "@/lib/testing/link";
import { assessLinkHealth, type LinkHealthInput } from "./link-health";

const link = readyLink({ lastMessageAt: 100_000, stateSince: 50_000 });
const healthy: LinkHealthInput = { link, socket: "connected", synced: true };

test("a ready, talking link followed in sync is live", () => {
  assert.deepEqual(assessLinkHealth(healthy), { state: "live", reason: null });
});

test("a ready link is degraded when IB's servers are lost or it has been silent too long", () => {
  assert.equal(assessLinkHealth({ ...healthy, link: { ...link, ibServersLost: true } }).state, "degraded");
  assert.equal(assessLinkHealth({ ...healthy, link: { ...link, silent: true } }).state, "degraded", "the engine judged it silent");
});

test("a ready link seen through a lost or unsynced stream is degraded, not live", () => {
  assert.equal(assessLinkHealth({ ...healthy, socket: "disconnected" }).state, "degraded");
  assert.equal(assessLinkHealth({ ...healthy, synced: false }).state, "degraded");
});

test("a link that is not ready is down, and says so even through a lost stream", () => {
  const connecting = { ...healthy, link: { ...link, state: "connecting" as const } };
  assert.deepEqual(assessLinkHealth(connecting), { state: "down", reason: "IB link connecting" });
  assert.deepEqual(assessLinkHealth({ ...connecting, socket: "disconnected" }), { state: "down", reason: "IB link connecting (last known)" });
});

test("a down link says why when IB refused the client id or the restart window expects it", () => {
  const down = { ...link, state: "disconnected" as const };
  const refused = { ...down, clientIdInUse: { since: 1, attempts: 1, nextRetryAt: null } };
  assert.equal(assessLinkHealth({ ...healthy, link: refused }).reason, "IB link disconnected: client id in use (326)");
  const restart = { window: "23:45-00:45 UTC", inWindow: true, expectedDisconnect: true };
  assert.equal(assessLinkHealth({ ...healthy, link: { ...down, restart } }).reason, "IB link disconnected: daily restart");
});

test("a broken data farm degrades a ready link, naming the farm", () => {
  const farms = [{ name: "usfarm", kind: "market" as const, state: "broken" as const, since: 1 }];
  assert.deepEqual(assessLinkHealth({ ...healthy, link: { ...link, farms } }), { state: "degraded", reason: "IB data farm usfarm is broken" });
});

test("before the first snapshot nothing is live", () => {
  assert.equal(assessLinkHealth({ ...healthy, link: null, socket: "connecting", synced: false }).state, "down");
});

test("a link still re-sending its subscriptions is degraded: some figures are not live yet", () => {
  const health = assessLinkHealth({ ...healthy, link: { ...link, pendingRequests: 120 } });
  assert.equal(health.state, "degraded");
  assert.match(health.reason ?? "", /120 requests still queued/);
});

test("a ready link carrying a warning is degraded, with the warning as the reason", () => {
  const warned = { ...link, warnings: [{ message: "IB listed no managed accounts: there is nothing to monitor", at: 1 }] };
  assert.deepEqual(assessLinkHealth({ ...healthy, link: warned }), {
    state: "degraded",
    reason: "IB listed no managed accounts: there is nothing to monitor",
  });
});
