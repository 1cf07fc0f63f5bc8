import { test } from "node:test";
import assert from "node:assert/strict";
import { buildLayout, sortsByLiveValue, type GridQuery, type LayoutRow } from "./grid-layout";
import type { RowContext } from "./position-columns";
import { subtotalsOf } from "./subtotal";
import { testPosition as position } from "@/lib/testing/position";


const context: RowContext = { aliases: { DU2: "Alpha" }, currencies: new Map([["DU1", "USD"], ["DU2", "USD"]]) };
const query: GridQuery = { filter: "", sorting: [], groupBy: "none", collapsed: new Set() };
const keys = (rows: LayoutRow[]) => rows.map((row) => row.key);

const book = [
  position("DU1", 1, { symbol: "MSFT", dailyPnL: -50 }),
  position("DU1", 2, { symbol: "AAPL", dailyPnL: null }),
  position("DU2", 3, { symbol: "AAPL", dailyPnL: 20, currency: "EUR" }),
  position("DU2", 4, { symbol: "ESZ5", underlying: "ES", secType: "FUT", expiry: "20251219", dailyPnL: 80 }),
];

test("rows start in a stable order: account label, then symbol", () => {
  assert.deepEqual(keys(buildLayout(book, query, context).rows), ["DU2|3", "DU2|4", "DU1|2", "DU1|1"]);
});

test("the filter matches symbol, account, alias and underlying, case-insensitively", () => {
  const matches = (filter: string) => keys(buildLayout(book, { ...query, filter }, context).rows);
  assert.deepEqual(matches("aapl"), ["DU2|3", "DU1|2"]);
  assert.deepEqual(matches("alpha"), ["DU2|3", "DU2|4"]);
  assert.deepEqual(matches("du1"), ["DU1|2", "DU1|1"]);
  assert.deepEqual(matches(" es "), ["DU2|4"]);
  assert.equal(buildLayout(book, { ...query, filter: "nothing" }, context).matched, 0);
});

test("sorting by a column, either way, keeps unknown values last", () => {
  const sorted = (desc: boolean) => keys(buildLayout(book, { ...query, sorting: [{ id: "dailyPnL", desc }] }, context).rows);
  assert.deepEqual(sorted(false), ["DU1|1", "DU2|3", "DU2|4", "DU1|2"]);
  assert.deepEqual(sorted(true), ["DU2|4", "DU2|3", "DU1|1", "DU1|2"]);
  assert.deepEqual(keys(buildLayout(book, { ...query, sorting: [{ id: "expiry", desc: false }] }, context).rows)[0], "DU2|4");
});

test("grouping puts a group row over its members; a folded group keeps its row and its members", () => {
  const grouped = buildLayout(book, { ...query, groupBy: "underlying" }, context);
  assert.deepEqual(keys(grouped.rows), ["underlying:AAPL", "DU2|3", "DU1|2", "underlying:ES", "DU2|4", "underlying:MSFT", "DU1|1"]);
  assert.deepEqual(grouped.rows[0], { kind: "group", key: "underlying:AAPL", label: "AAPL", memberKeys: ["DU2|3", "DU1|2"], expanded: true });

  const folded = buildLayout(book, { ...query, groupBy: "account", collapsed: new Set(["account:DU2"]) }, context);
  assert.deepEqual(keys(folded.rows), ["account:DU2", "account:DU1", "DU1|2", "DU1|1"]);
  assert.equal(folded.rows[0]?.kind === "group" && folded.rows[0].label, "Alpha (DU2)");
  assert.equal(folded.matched, 4);
});

test("group subtotals add up within a currency, say so when currencies mix, and leave out unknown amounts", () => {
  const positions = new Map(book.map((p) => [p.key, p]));
  const aapl = subtotalsOf(["DU2|3", "DU1|2"], positions, context);
  assert.deepEqual(aapl.marketValueBase, { kind: "sum", total: 2_000, currency: "USD" }, "base values are in the accounts' currency");
  assert.deepEqual(aapl.unrealizedPnL, { kind: "mixed", currencies: ["EUR", "USD"] }, "P&L is in each position's currency");
  assert.deepEqual(aapl.dailyPnL, { kind: "sum", total: 20, currency: "EUR" });
  assert.equal(subtotalsOf(["DU1|2"], positions, context).dailyPnL, undefined);
});

test("only a sort by a number follows live values", () => {
  assert.equal(sortsByLiveValue([]), false);
  assert.equal(sortsByLiveValue([{ id: "account", desc: false }]), false);
  assert.equal(sortsByLiveValue([{ id: "symbol", desc: false }, { id: "dailyPnL", desc: true }]), true);
});

test("20,000 positions are laid out and subtotalled (printed, not asserted)", (t) => {
  const many = Array.from({ length: 20_000 }, (_, i) => position(`DU${i % 50}`, i, { symbol: `S${i % 700}`, dailyPnL: Math.sin(i) * 1_000 }));
  const cases: Array<[string, GridQuery]> = [
    ["default order", query],
    ["sorted by daily P&L", { ...query, sorting: [{ id: "dailyPnL", desc: true }] }],
    ["grouped by account, sorted by market value", { ...query, groupBy: "account", sorting: [{ id: "marketValue", desc: true }] }],
    ["filtered", { ...query, filter: "s12" }],
  ];
  for (const [name, each] of cases) {
    const timings = Array.from({ length: 5 }, () => {
      const started = performance.now();
      buildLayout(many, each, context);
      return performance.now() - started;
    }).sort((a, b) => a - b);
    t.diagnostic(`layout, ${name}: median ${timings[2]?.toFixed(1)} ms`);
  }
  const positions = new Map(many.map((p) => [p.key, p]));
  const allKeys = [...positions.keys()];
  const started = performance.now();
  subtotalsOf(allKeys, positions, context);
  t.diagnostic(`subtotals over all 20,000: ${(performance.now() - started).toFixed(1)} ms`);
});
