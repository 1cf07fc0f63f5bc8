import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { View } from "@/lib/stream";
import { readyLink } from "@/lib/testing/link";
import { testOrder } from "@/lib/testing/order";
import { RiskEngine } from "@/server/risk/engine";
import { pnlEvent, positionEvent, STOCK } from "@/server/risk/test-events";
import { GrantedView } from "./granted-view";
import { Publication } from "./publication";

/** DU1 and DU2 in group G, DU3 outside; net liquidations 1000, 2000, 4000; one position each. */
function publication(): Publication {
  const published = new Publication({ engine: new RiskEngine({ initialLink: readyLink() }), now: () => 0 });
  published.apply({ type: "accountsListed", accounts: ["DU1", "DU2", "DU3"], at: 0 });
  [1000, 2000, 4000].forEach((netLiquidation, i) => {
    const account = `DU${i + 1}`;
    published.apply({ type: "accountValues", account, currency: "USD", values: { netLiquidation }, at: 0 });
    published.apply(positionEvent(account, STOCK("AAPL", 1), 10));
    published.apply(pnlEvent(account, 1, 100));
  });
  published.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2"] }], aliases: { DU1: "One", DU3: "Three" }, at: 0 });
  return published;
}

const EVERYTHING: View = { scope: "all", positions: true, exposure: true };

describe("a stream narrowed to a user's grants", () => {
  test("a user granted group G asking for everything gets G: its accounts, positions, exposure and history, and G's totals as its own", () => {
    const snapshot = new GrantedView(publication(), [{ kind: "group", name: "G" }]).snapshot(EVERYTHING);
    assert.equal(snapshot.view.scope, "group:G");
    assert.deepEqual(snapshot.accountIds, ["DU1", "DU2"]);
    assert.deepEqual(snapshot.accounts.map((a) => a.accountId), ["DU1", "DU2"]);
    assert.deepEqual(snapshot.positions.map((p) => p.account), ["DU1", "DU2"]);
    assert.deepEqual(snapshot.fa, { groups: [{ name: "G", method: "NetLiq", accounts: ["DU1", "DU2"] }], aliases: { DU1: "One" } });
    assert.deepEqual(snapshot.groups.map((g) => g.name), ["G"]);
    assert.equal(snapshot.firm.figures.netLiquidation?.value, 3000, "not the firm's 7000");
    assert.equal(snapshot.exposure?.scope, "group:G");
  });

  test("a user granted one account sees no group, and its totals are that account's", () => {
    const snapshot = new GrantedView(publication(), [{ kind: "account", id: "DU3" }]).snapshot({ ...EVERYTHING, scope: "group:G" });
    assert.equal(snapshot.view.scope, "account:DU3");
    assert.deepEqual(snapshot.accountIds, ["DU3"]);
    assert.deepEqual(snapshot.groups, []);
    assert.deepEqual(snapshot.fa, { groups: [], aliases: { DU3: "Three" } });
    assert.equal(snapshot.firm.figures.netLiquidation?.value, 4000);
    assert.equal(snapshot.firm.accountCount, 1);
  });

  test("a delta carries the user's own totals whole, never the firm's, and nothing of another account", () => {
    const published = publication();
    const view = new GrantedView(published, [{ kind: "account", id: "DU1" }]);
    view.snapshot(EVERYTHING);
    const seen = published.revision;
    published.apply({ type: "accountValues", account: "DU3", currency: "USD", values: { netLiquidation: 5000 }, at: 1 });
    published.apply({ type: "accountValues", account: "DU1", currency: "USD", values: { netLiquidation: 1500 }, at: 1 });
    published.apply(pnlEvent("DU3", 1, 300));
    published.apply({ type: "position", account: "DU3", contract: STOCK("AAPL", 1), position: 0, avgCost: 0, at: 2 });
    const delta = view.deltaSince(seen, EVERYTHING)!;
    assert.equal(delta.firmFigures, undefined);
    assert.equal(delta.firm?.figures.netLiquidation?.value, 1500);
    assert.equal(delta.groups, undefined);
    assert.equal(delta.groupFigures, undefined);
    assert.deepEqual(delta.accountFigures?.map(([account]) => account), ["DU1"]);
    assert.equal(delta.removedPositions, undefined, "DU3's closed position is not named to it");
    assert.deepEqual(delta.positionFigures?.map(([key]) => key), ["DU1|1"]);
  });

  test("a user without grants is not narrowed here but sent the whole stream: an empty grant list is refused", () => {
    assert.throws(() => new GrantedView(publication(), []), /at least one grant/);
  });
});

describe("working orders on the stream", () => {
  const placed = (account: string, permId: number, faGroup: string | null = null) => ({
    type: "order" as const,
    order: testOrder(account, permId, { clientId: 3, faGroup }),
    at: 1,
  });
  const ORDERS: View = { scope: "account:DU1", positions: false, exposure: false, orders: true };

  test("a view that asks gets every working order whatever its scope; one that does not gets none", () => {
    const published = publication();
    published.apply(placed("DU1", 1));
    published.apply(placed("DU3", 2));
    assert.deepEqual(published.snapshot(ORDERS).orders.map((o) => o.key), ["DU1:1", "DU3:2"]);
    assert.deepEqual(published.snapshot({ ...ORDERS, orders: false }).orders, []);
    const seen = published.revision;
    published.apply({ type: "orderStatus", key: "DU3:2", status: "Cancelled", filled: 0, remaining: 1, at: 2 });
    published.apply(placed("DU2", 3));
    const delta = published.deltaSince(seen, ORDERS)!;
    assert.deepEqual(delta.removedOrders, ["DU3:2"]);
    assert.deepEqual(delta.orders?.map((o) => o.key), ["DU2:3"]);
    assert.equal(published.deltaSince(seen, { ...ORDERS, orders: false })!.orders, undefined);
  });

  test("a limited user sees the orders of its accounts and of its groups' allocations, and no other's, in snapshots and deltas", () => {
    const published = publication();
    published.apply(placed("DU1", 1));
    published.apply(placed("DU3", 2));
    published.apply(placed("", 3, "G"));
    published.apply({ type: "ordersListed", keys: ["DU1:1", "DU3:2", ":3"], reconciliation: { at: 1, appeared: 1, ended: 0, changed: 0 }, at: 1 });
    const view = new GrantedView(published, [{ kind: "group", name: "G" }]);
    const snapshot = view.snapshot(ORDERS);
    assert.deepEqual(snapshot.orders.map((o) => o.key), [":3", "DU1:1"]);
    assert.equal(snapshot.ordersNote, null, "the firm-wide counts are not its own");
    const seen = published.revision;
    published.apply({ type: "orderStatus", key: "DU3:2", status: "Filled", filled: 1, remaining: 0, at: 2 });
    published.apply(placed("DU3", 4));
    published.apply(placed("DU2", 5));
    const delta = view.deltaSince(seen, ORDERS)!;
    assert.deepEqual(delta.orders?.map((o) => o.key), ["DU2:5"]);
    assert.equal(delta.removedOrders, undefined, "another account's order ending is not named");
  });
});
