import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import type { AlertRule } from "@/lib/alerts";
import type { ScopeId } from "@/lib/scope";
import { AlertBook, type AlertTransition, type Reading } from "./alert-book";
import { farmReadings, latestMarginWarnings, linkDownReadings, LinkWatch, marginWarningReadings, type AlertConnectivity } from "./connectivity";
import { defaultAlertRules } from "./rules";
import { DEFAULT_RISK_THRESHOLDS } from "../thresholds";

const connectivity = (overrides: Partial<AlertConnectivity> = {}): AlertConnectivity => ({
  linkDownSince: null,
  silentSince: null,
  ibServersLostSince: null,
  brokenFarms: [],
  marginWarnings: [],
  ...overrides,
});

/** The default rules fed by hand-made connectivity at successive times; returns "change rule subject level" per step. */
function steps(readingsAt: (at: number) => [AlertRule, ScopeId, Reading[]], times: number[]): string[][] {
  const book = new AlertBook(defaultAlertRules(DEFAULT_RISK_THRESHOLDS));
  return times.map((at) => {
    const out: AlertTransition[] = [];
    const [rule, scope, readings] = readingsAt(at);
    book.evaluate(rule, scope, readings, at, out);
    return out.map(({ change, alert }) => `${change} ${alert.rule} ${alert.subject ?? "-"} ${alert.level}`);
  });
}

describe("link watch", () => {
  test("the link is down from the state change when not ready, silent from the last word", () => {
    const watch = new LinkWatch();
    assert.deepEqual(watch.observe(readyLink({ state: "connecting", stateSince: 5 }), 9), { linkDownSince: 5, silentSince: null, ibServersLostSince: null });
    assert.deepEqual(watch.observe(readyLink({ silent: true, lastMessageAt: 7, stateSince: 2 }), 20), { linkDownSince: null, silentSince: 7, ibServersLostSince: null });
    assert.deepEqual(watch.observe(readyLink(), 21), { linkDownSince: null, silentSince: null, ibServersLostSince: null });
  });

  test("IB's servers are lost from the first status that says so, until one says otherwise", () => {
    const watch = new LinkWatch();
    assert.equal(watch.observe(readyLink({ ibServersLost: true }), 100).ibServersLostSince, 100);
    assert.equal(watch.observe(readyLink({ ibServersLost: true }), 200).ibServersLostSince, 100);
    assert.equal(watch.observe(readyLink(), 300).ibServersLostSince, null);
    assert.equal(watch.observe(readyLink({ ibServersLost: true }), 400).ibServersLostSince, 400);
  });
});

describe("connectivity rules (defaults)", () => {
  test("link down: critical after 10 s, cleared when back", () => {
    const down = (at: number) => connectivity({ linkDownSince: at < 30_000 ? 1_000 : null });
    assert.deepEqual(
      steps((at) => ["linkDown", "all", linkDownReadings(down(at), at)], [5_000, 10_999, 11_000, 20_000, 30_000]),
      [[], [], ["raised linkDown - critical"], [], ["cleared linkDown - critical"]],
    );
  });

  test("a silent link is down from its last word; a disconnect inside the daily-restart window raises nothing until it outlasts it", () => {
    assert.deepEqual(linkDownReadings(connectivity({ silentSince: 2_000 }), 12_000), [{ subject: null, value: 10 }]);
    assert.deepEqual(linkDownReadings(connectivity({ linkDownSince: 5_000, silentSince: 2_000 }), 12_000), [{ subject: null, value: 10 }]);
    assert.deepEqual(linkDownReadings(connectivity({ linkDownSince: 2_000, expectedDisconnect: true }), 900_000), []);
    assert.deepEqual(linkDownReadings(connectivity({ linkDownSince: 2_000, expectedDisconnect: false }), 900_000), [{ subject: null, value: 898 }]);
  });

  test("a data farm broken is a warning after 60 s, each farm its own alert", () => {
    const farms = (at: number) => connectivity({ brokenFarms: at < 200_000 ? [{ name: "usfarm", since: 0 }, { name: "hfarm", since: 50_000 }] : [{ name: "hfarm", since: 50_000 }] });
    assert.deepEqual(steps((at) => ["farmBroken", "all", farmReadings(farms(at), at)], [59_000, 60_000, 110_000, 200_000]), [
      [],
      ["raised farmBroken usfarm warning"],
      ["raised farmBroken hfarm warning"],
      ["cleared farmBroken usfarm warning"],
    ]);
  });

  test("IB's margin warning 2148 is critical for 15 minutes after the last one, per account and for scopes over it", () => {
    const notices = latestMarginWarnings(
      connectivity({ marginWarnings: [{ account: "DU2", at: 5_000 }, { account: "DU1", at: 1_000 }, { account: "DU1", at: 500 }, { account: null, at: 5_500 }] }),
    );
    assert.deepEqual(
      steps((at) => ["marginWarning", "account:DU1", marginWarningReadings(notices, ["DU1"], at)], [1_000, 901_000, 901_001]),
      [["raised marginWarning - critical"], [], ["cleared marginWarning - critical"]],
    );
    assert.deepEqual(marginWarningReadings(notices, ["DU1", "DU2", "DU3"], 6_000), [{ subject: null, value: 1 }], "the youngest of the group");
    assert.deepEqual(marginWarningReadings(notices, ["DU3"], 6_000), []);
    assert.deepEqual(marginWarningReadings(notices, "firm", 6_000), [{ subject: null, value: 0.5 }], "one that named no account is the firm's");
  });
});
