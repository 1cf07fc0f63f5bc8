import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeTwsEscapes } from "./tws-text";

test("TWS's \\uXXXX escapes read as the characters they stand for", () => {
  assert.equal(decodeTwsEscapes("R\\u00e9serve-M\\u00fcller"), "Réserve-Müller");
  assert.equal(decodeTwsEscapes("plain"), "plain");
  assert.equal(decodeTwsEscapes("\\u00"), "\\u00", "a broken escape stays as it came");
});
