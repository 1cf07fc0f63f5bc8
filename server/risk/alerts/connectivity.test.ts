import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import type { AlertRule } from "@/lib/alerts";
import type { ScopeId } from "@/lib/scope";
import { AlertBook, type AlertTransition, type Reading } from "./alert-book";
import { durationReadings, farmReadings, LinkWatch, marginWarningReadings, type AlertConnectivity } from "./connectivity";
import { defaultAlertRules } from "./rules";
import { DEFAULT_RISK_THRESHOLDS } from "../thresholds";

const connectivity = (overrides: Partial<AlertConnectivity> = {}): AlertConnectivity => ({
  linkDownSince: null,
  ibServersLostSince: null,
  brokenFarms: [],
  lastMarginWarning: new Map(),
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
  test("the link is down from the state change when not ready, from the last word when silent", () => {
    const watch = new LinkWatch();
    assert.equal(watch.observe(readyLink({ state: "connecting", stateSince: 5 }), 9).linkDownSince, 5);
    assert.equal(watch.observe(readyLink({ silent: true, lastMessageAt: 7, stateSince: 2 }), 20).linkDownSince, 7);
    assert.equal(watch.observe(readyLink(), 21).linkDownSince, null);
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
    const down = (at: number) => (at < 30_000 ? 1_000 : null);
    assert.deepEqual(
      steps((at) => ["linkDown", "all", durationReadings(down(at), at)], [5_000, 10_999, 11_000, 20_000, 30_000]),
      [[], [], ["raised linkDown - critical"], [], ["cleared linkDown - critical"]],
    );
  });

  test("a data farm broken is a warning after 60 s, each farm its own alert", () => {
    const farms = (at: number) => connectivity({ brokenFarms: at < 200_000 ? [{ farm: "usfarm", since: 0 }, { farm: "hfarm", since: 50_000 }] : [{ farm: "hfarm", since: 50_000 }] });
    assert.deepEqual(steps((at) => ["farmBroken", "all", farmReadings(farms(at), at)], [59_000, 60_000, 110_000, 200_000]), [
      [],
      ["raised farmBroken usfarm warning"],
      ["raised farmBroken hfarm warning"],
      ["cleared farmBroken usfarm warning"],
    ]);
  });

  test("IB's margin warning 2148 is critical for 15 minutes after the last one, per account and for scopes over it", () => {
    const notices = connectivity({ lastMarginWarning: new Map([["DU1", 1_000], ["DU2", 5_000]]) });
    assert.deepEqual(
      steps((at) => ["marginWarning", "account:DU1", marginWarningReadings(notices, ["DU1"], at)], [1_000, 901_000, 901_001]),
      [["raised marginWarning - critical"], [], ["cleared marginWarning - critical"]],
    );
    assert.deepEqual(marginWarningReadings(notices, ["DU1", "DU2", "DU3"], 6_000), [{ subject: null, value: 1 }], "the youngest of the group");
    assert.deepEqual(marginWarningReadings(notices, ["DU3"], 6_000), []);
  });
});
