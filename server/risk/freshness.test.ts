import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import { RiskEngine } from "./engine";
import { DEFAULT_RISK_THRESHOLDS } from "./thresholds";

const thresholds = { ...DEFAULT_RISK_THRESHOLDS, accountValuesStaleMs: 180_000, pnlStaleMs: 5_000 };

function engine() {
  const risk = new RiskEngine({ initialLink: readyLink(), thresholds });
  risk.apply({ type: "accountsListed", accounts: ["DU1"], at: 0 });
  risk.apply({ type: "accountValues", account: "DU1", currency: "USD", values: { netLiquidation: 100, maintMargin: 20 }, at: 0 });
  risk.apply({ type: "accountValues", account: "DU1", currency: null, values: { dailyPnL: 5, unrealizedPnL: 1 }, at: 0 });
  return risk;
}
const stale = (risk: RiskEngine, figure: "netLiquidation" | "dailyPnL" | "marginUtilisation") => risk.account("DU1")!.figures[figure]?.stale === true;

describe("figures older than their feed's cadence", () => {
  test("P&L is stale once its feed has been silent past its limit, not at the limit", () => {
    const risk = engine();
    assert.deepEqual(risk.apply({ type: "tick", at: 5_000 }).accountFigures, [], "at the limit: still fresh");
    const changes = risk.apply({ type: "tick", at: 5_001 });
    assert.deepEqual(changes.accountFigures, [["DU1", ["dailyPnL", "unrealizedPnL"]]]);
    assert.equal(changes.totals, true, "totals over a stale figure are stale");
    assert.equal(stale(risk, "dailyPnL"), true);
    assert.equal(stale(risk, "netLiquidation"), false, "account values have a 3-minute cadence");
    assert.equal(risk.firm(5_001).figures.dailyPnL?.stale, true);
  });

  test("any message of the feed makes all its figures fresh again, their change times untouched", () => {
    const risk = engine();
    risk.apply({ type: "tick", at: 6_000 });
    const changes = risk.apply({ type: "accountValues", account: "DU1", currency: null, values: { dailyPnL: 5 }, at: 6_500 });
    assert.deepEqual(changes.accountFigures, [["DU1", ["dailyPnL", "unrealizedPnL"]]]);
    assert.equal(stale(risk, "dailyPnL"), false);
    assert.equal(risk.account("DU1")!.figures.unrealizedPnL?.changedAt, 0, "unchanged value, unchanged time");
  });

  test("account values go stale after IB's 3-minute cadence, and margin utilisation with them", () => {
    const risk = engine();
    risk.apply({ type: "tick", at: 180_001 });
    assert.equal(stale(risk, "netLiquidation"), true);
    assert.equal(stale(risk, "marginUtilisation"), true);
    assert.equal(risk.account("DU1")!.figures.marginUtilisation?.level, "ok", "the level stands, marked stale");
  });

  test("a refused figure stays stale while its feed is fresh, until a good reading", () => {
    const risk = engine();
    risk.apply({ type: "accountValues", account: "DU1", currency: null, values: { netLiquidation: "refused" }, at: 1_000 });
    risk.apply({ type: "tick", at: 2_000 });
    assert.equal(stale(risk, "netLiquidation"), true);
    risk.apply({ type: "accountValues", account: "DU1", currency: null, values: { netLiquidation: 101 }, at: 3_000 });
    assert.equal(stale(risk, "netLiquidation"), false);
  });
});
