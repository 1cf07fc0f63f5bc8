import { test } from "node:test";
import assert from "node:assert/strict";
import { CONCENTRATION_THRESHOLD } from "@/lib/exposure";
import { isConcentrated } from "./concentration";

test("a bucket is a concentration only above the threshold share of net liquidation", () => {
  assert.equal(isConcentrated({ shareOfNetLiq: CONCENTRATION_THRESHOLD + 0.001 }), true);
  assert.equal(isConcentrated({ shareOfNetLiq: CONCENTRATION_THRESHOLD }), false);
  assert.equal(isConcentrated({ shareOfNetLiq: null }), false, "no net liquidation, no verdict");
});
