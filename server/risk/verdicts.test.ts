import { test } from "node:test";
import assert from "node:assert/strict";
import { RiskBook } from "./book";
import { DEFAULT_RISK_THRESHOLDS } from "./thresholds";
import { isConcentrated, utilisationLevel } from "./verdicts";

test("margin utilisation is ok below the warning threshold, a warning below the critical one, critical from it", () => {
  const levels = [0, 0.4999, 0.5, 0.7999, 0.8, 1.7].map((u) => utilisationLevel(u, DEFAULT_RISK_THRESHOLDS));
  assert.deepEqual(levels, ["ok", "ok", "warn", "warn", "critical", "critical"]);
});

test("the thresholds are the engine's configuration, not constants", () => {
  const strict = { ...DEFAULT_RISK_THRESHOLDS, utilisationWarn: 0.3, utilisationCritical: 0.4 };
  assert.deepEqual([0.29, 0.3, 0.39, 0.4].map((u) => utilisationLevel(u, strict)), ["ok", "warn", "warn", "critical"]);
});

test("the level travels on the utilisation figure of accounts, groups and the firm", () => {
  const book = new RiskBook({ ...DEFAULT_RISK_THRESHOLDS, utilisationWarn: 0.2, utilisationCritical: 0.3 });
  book.listAccounts(["DU1", "DU2"]);
  book.setFaConfig({ groups: [{ name: "G", method: "NetLiq", accounts: ["DU1"] }], aliases: {} });
  book.applyAccountValues("DU1", "USD", { netLiquidation: 100, maintMargin: 35 }, 1);
  book.applyAccountValues("DU2", "USD", { netLiquidation: 100, maintMargin: 10 }, 1);
  assert.equal(book.account("DU1")!.figures.marginUtilisation?.level, "critical");
  assert.equal(book.account("DU2")!.figures.marginUtilisation?.level, "ok");
  assert.equal(book.groups(1)[0]!.figures.marginUtilisation?.level, "critical");
  assert.equal(book.firm(1).figures.marginUtilisation?.level, "warn", "45 / 200 = 22.5 %");
  book.applyAccountValues("DU1", null, { maintMargin: 15 }, 2);
  assert.equal(book.account("DU1")!.figures.marginUtilisation?.level, "ok", "a level follows its value down");
});

test("an unavailable utilisation has no level", () => {
  const book = new RiskBook();
  book.listAccounts(["DU1"]);
  book.applyAccountValues("DU1", "USD", { netLiquidation: null, maintMargin: 35 }, 1);
  assert.deepEqual(book.account("DU1")!.figures.marginUtilisation, { value: null, changedAt: 1 });
});

test("concentration compares a share of net liquidation with the threshold of its kind", () => {
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, concentrationUnderlying: 0.25, concentrationCurrency: 0.5 };
  assert.equal(isConcentrated("underlying", 0.25, thresholds), false);
  assert.equal(isConcentrated("underlying", 0.2501, thresholds), true);
  assert.equal(isConcentrated("currency", 0.3, thresholds), false);
  assert.equal(isConcentrated("currency", 0.51, thresholds), true);
  assert.equal(isConcentrated("currency", null, thresholds), false);
});
