import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { View } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { testAlert } from "@/lib/testing/alert";
import { RiskEngine } from "@/server/risk/engine";
import { Publication } from "./publication";

/** DU1 and DU2 in group G, DU3 outside. */
function publication(clearedAlertBacklog?: number): Publication {
  const published = new Publication({ engine: new RiskEngine({ initialLink: readyLink() }), now: () => 0, clearedAlertBacklog });
  published.apply({ type: "accountsListed", accounts: ["DU1", "DU2", "DU3"], at: 0 });
  published.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2"] }], aliases: {}, at: 0 });
  return published;
}

const view = (scope: string): View => ({ scope, positions: false, exposure: false });
const ids = (alerts: ReadonlyArray<{ id: string }> | undefined) => (alerts ?? []).map((alert) => alert.id);

describe("alerts in the published stream", () => {
  const firm = testAlert("firm", "all");
  const group = testAlert("group", "group:G");
  const du1 = testAlert("du1", "account:DU1");
  const du3 = testAlert("du3", "account:DU3");

  test("a view's snapshot holds the active alerts of its scope: all of them under All; the scope's own and its accounts' under a group or account", () => {
    const published = publication();
    published.recordAlerts([firm, group, du1, du3].map((alert) => ({ change: "raised", alert })));
    assert.deepEqual(ids(published.snapshot(view("all")).alerts), ["firm", "group", "du1", "du3"]);
    assert.deepEqual(ids(published.snapshot(view("group:G")).alerts), ["group", "du1"]);
    assert.deepEqual(ids(published.snapshot(view("account:DU3")).alerts), ["du3"]);
    assert.deepEqual(ids(published.snapshot(view("account:DU2")).alerts), []);
  });

  test("a delta carries the alerts of the view raised or changed since, and the ids of those cleared", () => {
    const published = publication();
    published.recordAlerts([du1, du3].map((alert) => ({ change: "raised", alert })));
    const seen = published.revision;
    const acknowledged = { ...du1, acknowledged: { by: "ada", at: 5, note: null } };
    published.recordAlerts([
      { change: "acknowledged", alert: acknowledged },
      { change: "cleared", alert: { ...du3, clearedAt: 6 } },
      { change: "raised", alert: group },
    ]);
    const underGroup = published.deltaSince(seen, view("group:G"))!;
    assert.deepEqual(underGroup.alerts, [acknowledged, group]);
    assert.equal(underGroup.clearedAlerts, undefined, "DU3's clear is not the group's business");
    const underAll = published.deltaSince(seen, view("all"))!;
    assert.deepEqual(underAll.clearedAlerts, ["du3"]);
    assert.equal(published.activeAlert("du3"), undefined);
    assert.equal(published.deltaSince(published.revision, view("all"))!.alerts, undefined, "nothing since the latest revision");
  });

  test("a client behind a clear that was forgotten gets a snapshot", () => {
    const published = publication(1);
    published.recordAlerts([du1, du3].map((alert) => ({ change: "raised", alert })));
    const seen = published.revision;
    published.recordAlerts([
      { change: "cleared", alert: { ...du1, clearedAt: 6 } },
      { change: "cleared", alert: { ...du3, clearedAt: 7 } },
    ]);
    assert.equal(published.deltaSince(seen, view("all")), null);
    assert.deepEqual(published.snapshot(view("all")).alerts, []);
  });
});
