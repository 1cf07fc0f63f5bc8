import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AlertRule } from "@/lib/alerts";
import type { ScopeId } from "@/lib/scope";
import { AlertBook, type AlertTransition, type Reading } from "./alert-book";
import { CLIENT_ID_IN_USE, farmReadings, latestMarginWarnings, linkDownReadings, marginWarningReadings, type AlertConnectivity } from "./connectivity";
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

  test("a link down because IB refuses the client id (326) is an alert of its own whose message says the id is in use by another client", () => {
    const book = new AlertBook(defaultAlertRules(DEFAULT_RISK_THRESHOLDS));
    const evaluate = (facts: AlertConnectivity, at: number) => {
      const out: AlertTransition[] = [];
      book.evaluate("linkDown", "all", linkDownReadings(facts, at), at, out);
      return out.map(({ change, alert }) => ({ change, subject: alert.subject, message: alert.message }));
    };
    const down = connectivity({ linkDownSince: 1_000, clientId: 77 });
    const [plain] = evaluate(down, 12_000);
    assert.equal(plain?.subject, null);
    assert.doesNotMatch(plain!.message, /client id/);
    // The next attempt is refused with 326: the cause is known and the fix is different.
    const refused = evaluate({ ...down, clientIdInUseSince: 13_000 }, 14_000);
    assert.deepEqual(refused.map(({ change, subject }) => `${change} ${subject ?? "-"}`).sort(), ["cleared -", `raised ${CLIENT_ID_IN_USE}`]);
    const raised = refused.find(({ change }) => change === "raised")!;
    assert.match(raised.message, /client id in use by another client/);
    assert.match(raised.message, /client id 77 \(326\).*another API client.*IB_CLIENT_ID/);
    // The id is ours again once the link is back.
    assert.deepEqual(evaluate(connectivity({ clientId: 77 }), 20_000).map(({ change }) => change), ["cleared"]);
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
