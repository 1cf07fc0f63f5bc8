import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { NO_REQ_ID, requestIdOf, requestName, validationError } from "./protocol";

describe("protocol", () => {
  test("finds the request id of versioned and unversioned requests", () => {
    assert.equal(requestIdOf(["1", "11", "42", "265598"]), 42); // REQ_MKT_DATA
    assert.equal(requestIdOf(["94", "7", "DU1", "", "265598"]), 7); // REQ_PNL_SINGLE
    assert.equal(requestIdOf(["61", "1"]), NO_REQ_ID); // REQ_POSITIONS has none
    assert.equal(requestIdOf(["9", "8"]), NO_REQ_ID); // field missing
    assert.equal(requestIdOf(["999", "1", "2"]), NO_REQ_ID);
  });

  test("names requests and words validation errors like IB", () => {
    assert.equal(requestName(62), "REQ_ACCOUNT_SUMMARY");
    assert.equal(requestName(999), undefined);
    assert.equal(validationError(61, "nope"), "Error validating request.-'REQ_POSITIONS' : cause - nope");
  });
});
