import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Simulation } from "../model/simulation";
import { STANDARD_TAGS, selectTags, summaryLines } from "./account-summary-tags";

describe("account summary tags", () => {
  test("keeps known tags once, sorted; ignores unknown ones; recognises the ledger forms", () => {
    const selection = selectTags("NetLiquidation, Cushion,Bogus,NetLiquidation,$LEDGER,$LEDGER:ALL,$LEDGER:EUR,");
    assert.deepEqual(selection.standard, ["Cushion", "NetLiquidation"]);
    assert.deepEqual(selection.ledgers, [{ kind: "base" }, { kind: "all" }, { kind: "currency", currency: "EUR" }]);
  });

  test("every standard tag has a value in the IB format", () => {
    const simulation = new Simulation(7, 1);
    const figures = simulation.figures(simulation.accountIds[0]!);
    const lines = summaryLines(figures, selectTags([...STANDARD_TAGS.keys()].join(",")));
    assert.equal(lines.length, STANDARD_TAGS.size);
    const byTag = new Map(lines.map((line) => [line.tag, line]));
    assert.deepEqual(byTag.get("Currency"), { tag: "Currency", value: "USD", currency: "USD" });
    assert.deepEqual(byTag.get("NetLiquidation"), { tag: "NetLiquidation", value: figures.netLiquidation.toFixed(2), currency: "USD" });
    assert.match(byTag.get("Cushion")!.value, /^-?\d\.\d{3}$/);
    assert.equal(byTag.get("Cushion")!.currency, "");
    assert.equal(byTag.get("DayTradesRemaining")!.value, "-1");
    for (const line of lines.filter((l) => l.currency === "USD" && l.tag !== "Currency")) {
      assert.match(line.value, /^-?\d+\.\d{2}$/, line.tag);
    }
  });

  test("$LEDGER sends the base totals under the base currency; $LEDGER:ALL every currency and BASE", () => {
    const simulation = new Simulation(7, 1);
    const figures = simulation.figures(simulation.accountIds[0]!);
    const base = summaryLines(figures, selectTags("$LEDGER"));
    assert.ok(base.every((line) => line.currency === "USD"));
    assert.equal(base.find((l) => l.tag === "NetLiquidationByCurrency")!.value, figures.netLiquidation.toFixed(2));
    const all = summaryLines(figures, selectTags("$LEDGER:ALL"));
    assert.deepEqual([...new Set(all.map((line) => line.currency))], ["USD", "EUR", "BASE"]);
    assert.equal(all.length, 3 * base.length);
    assert.deepEqual(summaryLines(figures, selectTags("$LEDGER:GBP")), []);
  });
});
