import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatAge,
  formatClockTime,
  formatDayAndTime,
  formatExpiry,
  formatFigure,
  formatMoney,
  formatMultiple,
  formatPercent,
  formatPnL,
  formatPrice,
  formatQuantity,
} from "@/lib/format";

test("money is written in whole units with thousands separators and the currency code", () => {
  assert.equal(formatMoney(1_234_567.8, "USD"), "1,234,568 USD");
  assert.equal(formatMoney(999.49, "EUR"), "999 EUR");
  assert.equal(formatMoney(1_234, null), "1,234");
});

test("negative money takes a real minus sign", () => {
  assert.equal(formatMoney(-2_100, "USD"), "\u22122,100 USD");
});

test("P&L always carries an explicit sign, except when it rounds to zero", () => {
  assert.equal(formatPnL(12_345.4, "USD"), "+12,345 USD");
  assert.equal(formatPnL(-2_100, "USD"), "\u22122,100 USD");
  assert.equal(formatPnL(0, "USD"), "0 USD");
  assert.equal(formatPnL(-0.4, "USD"), "0 USD");
  assert.equal(formatPnL(0.6, null), "+1");
});

test("percentages have one decimal", () => {
  assert.equal(formatPercent(0.4237), "42.4%");
  assert.equal(formatPercent(1), "100.0%");
  assert.equal(formatPercent(0), "0.0%");
  assert.equal(formatPercent(-0.05), "\u22125.0%");
});

test("multiples have two decimals and a times sign", () => {
  assert.equal(formatMultiple(2.5), "2.50\u00d7");
});

test("each figure is written the way its kind calls for", () => {
  assert.equal(formatFigure("netLiquidation", 1_000_000, "USD"), "1,000,000 USD");
  assert.equal(formatFigure("dailyPnL", 500, "USD"), "+500 USD");
  assert.equal(formatFigure("realizedPnL", -500, "USD"), "\u2212500 USD");
  assert.equal(formatFigure("cushion", 0.25, "USD"), "25.0%");
  assert.equal(formatFigure("marginUtilisation", 0.801, "USD"), "80.1%");
  assert.equal(formatFigure("leverage", 1.234, "USD"), "1.23\u00d7");
});

test("ages read as seconds, then minutes and seconds, then hours and minutes", () => {
  assert.equal(formatAge(0), "0s");
  assert.equal(formatAge(3_999), "3s");
  assert.equal(formatAge(59_000), "59s");
  assert.equal(formatAge(130_000), "2m 10s");
  assert.equal(formatAge(3_900_000), "1h 5m");
  assert.equal(formatAge(-5_000), "0s");
});

test("clock times are 24-hour in the given zone, optionally without seconds", () => {
  assert.equal(formatClockTime(Date.UTC(2026, 0, 2, 14, 3, 21), { timeZone: "UTC" }), "14:03:21");
  assert.equal(formatClockTime(Date.UTC(2026, 0, 2, 0, 0, 5), { timeZone: "UTC" }), "00:00:05");
  assert.equal(formatClockTime(Date.UTC(2026, 0, 2, 9, 7, 59), { timeZone: "UTC", minutesOnly: true }), "09:07");
});


test("position sizes keep up to four decimals and drop trailing zeros", () => {
  assert.equal(formatQuantity(1_000), "1,000");
  assert.equal(formatQuantity(-5), "\u22125");
  assert.equal(formatQuantity(0.5), "0.5");
  assert.equal(formatQuantity(12_500.12345), "12,500.1235");
});

test("prices have two to four decimals", () => {
  assert.equal(formatPrice(412.5), "412.50");
  assert.equal(formatPrice(1.08354), "1.0835");
  assert.equal(formatPrice(-0.25), "\u22120.25");
});

test("expiries read as dates; anything unexpected is shown as it came", () => {
  assert.equal(formatExpiry("20250620"), "2025-06-20");
  assert.equal(formatExpiry("202506"), "202506");
});

test("a day and a time read as the desk says them", () => {
  assert.equal(formatDayAndTime(Date.UTC(2026, 10, 29, 14, 3, 21), "UTC"), "29 Nov, 14:03");
});
