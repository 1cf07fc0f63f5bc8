import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { decodeUnicodeEscapes, escapeNonAscii } from "./unicode-escapes";

describe("TWS unicode escapes", () => {
  test("non-ASCII characters travel as \\uXXXX, ASCII as it is", () => {
    assert.equal(escapeNonAscii("Müller Family Trust"), "M\\u00fcller Family Trust");
    assert.equal(escapeNonAscii("Réserve-Müller"), "R\\u00e9serve-M\\u00fcller");
    assert.equal(escapeNonAscii("O'Brien <IRA> & Sons"), "O'Brien <IRA> & Sons");
    assert.equal(escapeNonAscii("€ 😀"), "\\u20ac \\ud83d\\ude00");
  });

  test("decoding gives back the text as written, for any text", () => {
    for (const text of ["Müller", "Société Générale", "Ærø Ålborg", "東京 Trust", "€ 😀", "plain", ""]) {
      assert.equal(decodeUnicodeEscapes(escapeNonAscii(text)), text);
    }
    assert.equal(decodeUnicodeEscapes("<alias>M\\u00FCller</alias>"), "<alias>Müller</alias>", "upper-case hex too");
    assert.equal(decodeUnicodeEscapes("C:\\users\\x"), "C:\\users\\x", "a backslash-u without four hex digits stays");
  });
});
