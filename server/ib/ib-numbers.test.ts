import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { checkIbNumber, IbNumbers, unlessRefused } from "./ib-numbers";

const refused = (kind: Parameters<typeof checkIbNumber>[0], raw: unknown) => {
  const checked = checkIbNumber(kind, raw);
  return checked !== null && typeof checked === "object";
};

describe("checkIbNumber", () => {
  test("IB's unset, as TWS writes it or as the client library decodes it, is no value", () => {
    for (const raw of ["1.7976931348623157E308", Number.MAX_VALUE, "", undefined]) {
      assert.equal(checkIbNumber("money", raw), null, String(raw));
    }
  });

  test("plausible numbers pass, from text or decoded", () => {
    assert.equal(checkIbNumber("money", "1234567.89"), 1234567.89);
    assert.equal(checkIbNumber("money", "-2100.5"), -2100.5);
    assert.equal(checkIbNumber("money", " 12 "), 12);
    assert.equal(checkIbNumber("ratio", "0.254"), 0.254);
    assert.equal(checkIbNumber("size", -1e9), -1e9);
    assert.equal(checkIbNumber("price", 1.0835), 1.0835);
    assert.equal(checkIbNumber("rate", "0.00064"), 0.00064);
    assert.equal(checkIbNumber("multiplier", 0), 0);
    assert.equal(checkIbNumber("conId", 265598), 265598);
    assert.equal(checkIbNumber("money", "1e3"), 1000);
  });

  test("non-numeric and non-finite values are refused", () => {
    for (const raw of ["abc", "12abc", "0x10", "1,234", "Infinity", "NaN", "1e309", NaN, Infinity, -Infinity, {}, true]) {
      assert.ok(refused("money", raw), String(raw));
    }
  });

  test("implausible magnitudes are refused per kind", () => {
    assert.ok(refused("money", "1.0E308"), "a 309-digit margin");
    assert.ok(refused("money", 1e16));
    assert.ok(refused("ratio", 8.9e305), "a utilisation of 8.9e307 %");
    assert.ok(refused("size", 1e13));
    assert.ok(refused("price", -1e10));
    assert.ok(refused("rate", 0), "no currency is worth nothing");
    assert.ok(refused("rate", -1.1));
    assert.ok(refused("multiplier", -100));
    assert.ok(refused("conId", 0));
    assert.ok(refused("conId", 12.5));
    assert.ok(refused("conId", 2 ** 31));
  });
});

describe("IbNumbers", () => {
  const at = { account: "DU1", field: "NetLiquidation" };

  test("a refusal is a warning naming the account, the field and the raw value", () => {
    const { logger, warnings } = capturingLogger();
    const numbers = new IbNumbers(logger, () => 0);
    assert.equal(numbers.read("money", "1.0E308", at), "refused");
    assert.equal(numbers.read("money", "1.7976931348623157E308", at), null);
    assert.equal(numbers.read("money", "100.25", at), 100.25);
    const [warning, ...more] = warnings();
    assert.deepEqual(more, []);
    assert.equal(warning?.account, "DU1");
    assert.equal(warning?.field, "NetLiquidation");
    assert.equal(warning?.value, "1.0E308");
    assert.match(String(warning?.msg), /NetLiquidation.*DU1/);
  });

  test("repeated identical refusals are logged once a window, and what was held back is counted", () => {
    const { logger, warnings } = capturingLogger();
    let now = 0;
    const numbers = new IbNumbers(logger, () => now, { windowMs: 1000, maxPerWindow: 10 });
    for (let i = 0; i < 1000; i++) numbers.read("money", "abc", at);
    numbers.read("money", "xyz", at);
    assert.equal(warnings().length, 2, "one per distinct value");
    now = 1000;
    numbers.read("money", "abc", at);
    assert.equal(warnings()[2]?.suppressed, 999);
    assert.equal(warnings()[3]?.value, "abc", "logged again in the new window");
  });

  test("a gateway varying its garbage cannot flood the log either", () => {
    const { logger, warnings } = capturingLogger();
    const numbers = new IbNumbers(logger, () => 0, { maxPerWindow: 5 });
    for (let i = 0; i < 1000; i++) numbers.read("money", `garbage${i}`, at);
    assert.equal(warnings().length, 5);
  });

  test("a huge raw value is quoted shortened", () => {
    const { logger, warnings } = capturingLogger();
    new IbNumbers(logger, () => 0).read("money", "9".repeat(100_000), at);
    assert.ok(String(warnings()[0]?.value).length < 100);
  });

  test("a required number refuses IB's unset too", () => {
    const { logger, warnings } = capturingLogger();
    const numbers = new IbNumbers(logger, () => 0);
    assert.equal(numbers.readRequired("size", undefined, { account: "DU1", field: "position" }), "refused");
    assert.equal(numbers.readRequired("size", 5, { account: "DU1", field: "position" }), 5);
    assert.equal(warnings().length, 1);
  });
});

test("unlessRefused drops a message with one refused number whole", () => {
  assert.deepEqual(unlessRefused({ a: 1, b: null }), { a: 1, b: null });
  assert.equal(unlessRefused({ a: 1, b: "refused" }), null);
});
