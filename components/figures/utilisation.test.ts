import { test } from "node:test";
import assert from "node:assert/strict";
import { utilisationLevel } from "./utilisation";

test("margin utilisation is ok below 50 %, a warning below 80 %, critical from 80 %", () => {
  assert.equal(utilisationLevel(0), "ok");
  assert.equal(utilisationLevel(0.4999), "ok");
  assert.equal(utilisationLevel(0.5), "warn");
  assert.equal(utilisationLevel(0.7999), "warn");
  assert.equal(utilisationLevel(0.8), "critical");
  assert.equal(utilisationLevel(1.7), "critical");
});
