import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { HandshakeError, SIM_MAX_VERSION, formatConnectionTime, negotiate, parseVersionRange } from "./handshake";

describe("handshake", () => {
  test("parses a range, a single version and connect options", () => {
    assert.deepEqual(parseVersionRange("v100..193"), { min: 100, max: 193, connectOptions: "" });
    assert.deepEqual(parseVersionRange("v176"), { min: 176, max: 176, connectOptions: "" });
    assert.deepEqual(parseVersionRange("v100..187 +PACEAPI"), { min: 100, max: 187, connectOptions: "+PACEAPI" });
  });

  test("rejects text that is not a version range", () => {
    for (const text of ["", "100..193", "v", "vabc", "v100..", "v100...193", "v193..100", "v100..193+PACEAPI"]) {
      assert.throws(() => parseVersionRange(text), HandshakeError, text);
    }
  });

  test("answers the highest version both sides speak", () => {
    assert.deepEqual(negotiate(parseVersionRange("v100..193")), { accepted: true, serverVersion: 193 });
    assert.deepEqual(negotiate(parseVersionRange("v100..150")), { accepted: true, serverVersion: 150 });
    assert.deepEqual(negotiate(parseVersionRange("v100..221")), { accepted: true, serverVersion: SIM_MAX_VERSION });
  });

  test("a client above our range still gets our version (it refuses it itself); one below 100 is refused", () => {
    assert.deepEqual(negotiate(parseVersionRange("v201..221")), { accepted: true, serverVersion: 193 });
    const refused = negotiate(parseVersionRange("v70..99"));
    assert.equal(refused.accepted, false);
  });

  test("connection time reads like TWS's: date, time and zone", () => {
    assert.equal(formatConnectionTime(new Date(Date.UTC(2026, 10, 23, 17, 0, 0))), "20261123 12:00:00 EST");
    assert.equal(formatConnectionTime(new Date(Date.UTC(2026, 6, 1, 16, 30, 5))), "20260701 12:30:05 EDT");
  });
});
