import { test } from "node:test";
import assert from "node:assert/strict";
import type { Position } from "@/lib/positions";
import { testPosition } from "@/lib/testing/position";
import { computeExposure as computeExposureWith, type ExposureScope } from "./exposure";
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from "./thresholds";

const position = (overrides: Partial<Position>): Position => testPosition("DU1", 1, { key: "DU1|1", symbol: "AAPL", ...overrides });


const computeExposure = (positions: Position[], scope: ExposureScope, at: number, thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS) =>
  computeExposureWith(positions, scope, at, thresholds);

const scope: ExposureScope = { scope: "all", currency: "USD", netLiquidation: 1000, accountCurrency: () => "USD" };

test("long, short, net and gross, with options and futures rolled up to their underlying", () => {
  const exposure = computeExposure(
    [
      position({ key: "a", marketValueBase: 600 }),
      position({ key: "b", secType: "OPT", localSymbol: "AAPL C", marketValueBase: -100 }),
      position({ key: "c", symbol: "ES", underlying: "ES", secType: "FUT", marketValueBase: 300 }),
    ],
    scope,
    7,
  );
  assert.deepEqual([exposure.long, exposure.short, exposure.net, exposure.gross], [900, -100, 800, 1000]);
  assert.equal(exposure.grossShareOfNetLiq, 1);
  assert.deepEqual(exposure.byUnderlying, [
    { key: "AAPL", long: 600, short: -100, net: 500, gross: 700, shareOfNetLiq: 0.7, concentrated: true },
    { key: "ES", long: 300, short: 0, net: 300, gross: 300, shareOfNetLiq: 0.3, concentrated: true },
  ]);
  assert.deepEqual(exposure.bySecType.map((b) => b.key), ["STK", "FUT", "OPT"]);
});

test("FX positions count in the currency bought or sold", () => {
  const exposure = computeExposure(
    [position({ symbol: "EUR", underlying: "EUR", secType: "CASH", currency: "USD", marketValueBase: -250 })],
    scope,
    1,
  );
  assert.deepEqual(exposure.byCurrency.map((b) => [b.key, b.net]), [["EUR", -250]]);
});

test("positions without a value in the scope currency are counted, not summed", () => {
  const exposure = computeExposure(
    [
      position({ key: "a", marketValueBase: null }),
      position({ key: "b", account: "DU2", marketValueBase: 50 }),
      position({ key: "c", marketValueBase: 10 }),
    ],
    { ...scope, accountCurrency: (account) => (account === "DU2" ? "EUR" : "USD") },
    1,
  );
  assert.equal(exposure.unpricedPositions, 2);
  assert.equal(exposure.gross, 10);
});

test("no net liquidation, no shares", () => {
  const exposure = computeExposure([position({ marketValueBase: 5 })], { ...scope, netLiquidation: undefined }, 1);
  assert.equal(exposure.grossShareOfNetLiq, null);
  assert.equal(exposure.byUnderlying[0]!.shareOfNetLiq, null);
});

test("an underlying is a concentration strictly above its threshold share of net liquidation", () => {
  const thresholds = { ...DEFAULT_RISK_THRESHOLDS, concentrationUnderlying: 0.2 };
  const exposure = computeExposure(
    [
      position({ key: "a", symbol: "AAPL", underlying: "AAPL", marketValueBase: 201 }),
      position({ key: "b", symbol: "MSFT", underlying: "MSFT", marketValueBase: 200 }),
      position({ key: "c", symbol: "IBM", underlying: "IBM", marketValueBase: -199 }),
    ],
    scope,
    1,
    thresholds,
  );
  assert.deepEqual(exposure.byUnderlying.map((b) => [b.key, b.concentrated]), [["AAPL", true], ["MSFT", false], ["IBM", false]]);
  assert.deepEqual(exposure.concentrationThresholds, { underlying: 0.2, currency: DEFAULT_RISK_THRESHOLDS.concentrationCurrency });
});

test("a currency is a concentration only when it is not the scope's base; a security type never is", () => {
  const exposure = computeExposure(
    [
      position({ key: "a", currency: "USD", secType: "STK", marketValueBase: 900 }),
      position({ key: "b", symbol: "SAP", underlying: "SAP", currency: "EUR", secType: "STK", marketValueBase: 300 }),
      position({ key: "c", symbol: "JPY", underlying: "JPY", secType: "CASH", currency: "USD", marketValueBase: -100 }),
    ],
    scope,
    1,
  );
  assert.deepEqual(exposure.byCurrency.map((b) => [b.key, b.concentrated]), [["USD", false], ["EUR", true], ["JPY", false]]);
  assert.deepEqual(exposure.bySecType.map((b) => [b.key, b.shareOfNetLiq, b.concentrated]), [["STK", 1.2, false], ["CASH", 0.1, false]]);
});

test("no net liquidation, no concentration", () => {
  const exposure = computeExposure([position({ marketValueBase: 5 })], { ...scope, netLiquidation: null }, 1);
  assert.equal(exposure.byUnderlying[0]!.concentrated, false);
});
