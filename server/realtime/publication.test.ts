import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { StoreStatus, View } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { RiskEngine } from "@/server/risk/engine";
import { pnlEvent, positionEvent, STOCK } from "@/server/risk/test-events";
import { Publication } from "./publication";


/** DU1 and DU2 in group G, DU3 outside; one position each, priced. */
function publication(): Publication {
  const published = new Publication({ engine: new RiskEngine({ initialLink: readyLink() }), now: () => 0 });
  published.apply({ type: "accountsListed", accounts: ["DU1", "DU2", "DU3"], at: 0 });
  for (const account of ["DU1", "DU2", "DU3"]) {
    published.apply({ type: "accountValues", account, currency: "USD", values: { netLiquidation: 1000 }, at: 0 });
    published.apply(positionEvent(account, STOCK("AAPL", 1), 10));
    published.apply(pnlEvent(account, 1, 100));
  }
  published.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2"] }], aliases: {}, at: 0 });
  return published;
}

const GROUP_GRID: View = { scope: "group:G", positions: true, exposure: true };

describe("publication views", () => {
  test("a snapshot holds the view's positions only, and exposure of its scope when it shows it", () => {
    const snapshot = publication().snapshot(GROUP_GRID);
    assert.deepEqual(snapshot.positions.map((p) => p.key).sort(), ["DU1|1", "DU2|1"]);
    assert.equal(snapshot.exposure?.gross, 200);
    assert.deepEqual(publication().snapshot({ scope: "all", positions: false, exposure: false }).positions, []);
    assert.equal(publication().snapshot({ ...GROUP_GRID, exposure: false }).exposure, null);
  });

  test("a price move reaches a grid view as figure tuples, and an overview not at all", () => {
    const published = publication();
    const seen = published.revision;
    published.apply(pnlEvent("DU1", 1, 150));
    published.apply(pnlEvent("DU3", 1, 150));
    const grid = published.deltaSince(seen, GROUP_GRID)!;
    assert.deepEqual(grid.positionFigures?.map(([key, value]) => [key, value]), [["DU1|1", 150]]);
    assert.equal(grid.positions, undefined);
    assert.equal(grid.exposure?.gross, 250);
    const overview = published.deltaSince(seen, { scope: "all", positions: false, exposure: false })!;
    assert.equal(overview.positionFigures, undefined);
    assert.equal(overview.exposure, undefined, "the overview shows no exposure");
  });

  test("positions of an account that leaves are removed from every view", () => {
    const published = publication();
    const seen = published.revision;
    published.apply({ type: "accountsListed", accounts: ["DU1", "DU3"], at: 1 });
    assert.deepEqual(published.deltaSince(seen, GROUP_GRID)!.removedPositions, ["DU2|1"]);
  });

  test("a view receives the intraday series it can chart: its scope's own and its accounts', under All the firm's and the groups'", () => {
    const published = publication();
    const seen = published.revision;
    published.apply({ type: "sample", at: 0 });
    const series = (points: Array<{ series: string }>) => [...new Set(points.map((p) => p.series))].sort();
    assert.deepEqual(series(published.snapshot(GROUP_GRID).history), ["DU1", "DU2", "group:G"]);
    assert.deepEqual(series(published.deltaSince(seen, { scope: "account:DU3", positions: false, exposure: false })!.history!), ["DU3"]);
    assert.deepEqual(series(published.snapshot({ scope: "all", positions: false, exposure: false }).history), ["firm", "group:G"]);
  });

  test("a change of FA membership restarts a group's grid view with a snapshot", () => {
    const published = publication();
    const seen = published.revision;
    published.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU3"] }], aliases: {}, at: 1 });
    assert.equal(published.deltaSince(seen, GROUP_GRID), null);
    assert.ok(published.deltaSince(seen, { scope: "all", positions: true, exposure: true })?.fa, "other views just get the new configuration");
  });
});

describe("exposure", () => {
  test("is re-sent only to the views whose scope moved", () => {
    const published = publication();
    const seen = published.revision;
    published.apply(pnlEvent("DU3", 1, 150));
    assert.equal(published.deltaSince(seen, GROUP_GRID)!.exposure, undefined, "DU3 is outside group G");
    assert.equal(published.deltaSince(seen, { scope: "all", positions: false, exposure: true })!.exposure?.gross, 350);
    published.apply(pnlEvent("DU1", 1, 150));
    assert.equal(published.deltaSince(seen, GROUP_GRID)!.exposure?.gross, 250);
  });
  test("the store's status reaches every view: in the snapshot, and in a delta when its state changes or, while it is behind, its queue does", () => {
    const published = publication();
    const overview: View = { scope: "all", positions: false, exposure: false };
    assert.equal(published.snapshot(overview).store, undefined, "no store, nothing said of one");
    const ok: StoreStatus = { state: "ok", queued: 0, queuedAlerts: 0, droppedSamples: 0, since: 1, lastError: null };
    published.setStore(ok);
    assert.deepEqual(published.snapshot(GROUP_GRID).store, ok);

    let seen = published.revision;
    published.setStore({ ...ok, queued: 40 });
    assert.equal(published.revision, seen, "while writes keep up, their batches are no news");
    const down: StoreStatus = { ...ok, state: "unreachable", queued: 41, queuedAlerts: 1, since: 2, lastError: "connect ECONNREFUSED" };
    published.setStore(down);
    assert.deepEqual(published.deltaSince(seen, overview)?.store, down);
    assert.deepEqual(published.deltaSince(seen, GROUP_GRID)?.store, down);

    seen = published.revision;
    published.setStore({ ...down, queued: 50 });
    assert.equal(published.deltaSince(seen, overview)?.store?.queued, 50, "while it is behind, the queue's growth is shown");
    seen = published.revision;
    published.apply({ type: "tick", at: 5 });
    assert.equal(published.deltaSince(seen, overview)?.store, undefined, "an unchanged status is not sent again");
  });
});
