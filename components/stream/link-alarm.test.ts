import { test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import { linkAlarm } from "./link-alarm";

const restart = { window: "23:45-00:45 America/New_York", inWindow: true, expectedDisconnect: false };

test("a ready, talking link with its farms OK raises nothing", () => {
  assert.equal(linkAlarm(null), null);
  assert.equal(linkAlarm(readyLink({ farms: [{ name: "usfarm", kind: "market", state: "ok", since: 1 }] })), null);
  assert.equal(linkAlarm(readyLink({ pendingRequests: 40 })), null, "a queue is the pill's business");
  assert.equal(linkAlarm(readyLink({ farms: [{ name: "ushmds", kind: "hmds", state: "inactive", since: 1 }] })), null);
});

test("a link down says since when the outage began, and whether the restart window expects it", () => {
  const down = linkAlarm(readyLink({ state: "connecting", stateSince: 9000, downSince: 4000, reconnectAttempt: 3, restart }));
  assert.equal(down?.kind, "down");
  assert.equal(down?.since, 4000);
  assert.equal(down?.expected, false);
  assert.match(down!.detail, /attempt 3/);
  const expected = linkAlarm(readyLink({ state: "disconnected", downSince: 4000, restart: { ...restart, expectedDisconnect: true } }));
  assert.equal(expected?.expected, true);
  assert.match(expected!.detail, /daily restart window \(23:45-00:45 America\/New_York\)/);
});

test("a refused client id outranks the link being down, and names the id", () => {
  const alarm = linkAlarm(readyLink({ state: "disconnected", clientId: 77, clientIdInUse: { since: 500, attempts: 2, nextRetryAt: 900 } }));
  assert.equal(alarm?.kind, "clientIdInUse");
  assert.match(alarm!.title, /client id 77/);
  assert.equal(alarm?.since, 500);
});

test("1100, silence and broken farms on a ready link each raise, in that order", () => {
  const farms = [{ name: "usfarm", kind: "market" as const, state: "broken" as const, since: 700 }, { name: "secdefil", kind: "secdef" as const, state: "broken" as const, since: 600 }];
  assert.equal(linkAlarm(readyLink({ ibServersLost: true, ibServersLostSince: 300, silent: true, farms }))?.kind, "ibServersLost");
  assert.equal(linkAlarm(readyLink({ silent: true, farms, lastMessageAt: 200 }))?.since, 200);
  const broken = linkAlarm(readyLink({ farms }));
  assert.equal(broken?.kind, "farmBroken");
  assert.equal(broken?.since, 600);
  assert.match(broken!.title, /usfarm \(market data\), secdefil \(contract definitions\)/);
});
