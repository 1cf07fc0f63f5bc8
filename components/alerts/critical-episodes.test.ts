import { test } from "node:test";
import assert from "node:assert/strict";
import { testAlert } from "@/lib/testing/alert";
import { unannouncedCriticals } from "./critical-episodes";

test("each critical episode is announced once, and episodes no longer active are forgotten", () => {
  const announced = new Set<string>();
  const a = testAlert("a", "all", { level: "critical", levelSince: 10 });
  const b = testAlert("b", "all", { level: "warning", levelSince: 10 });
  assert.deepEqual(unannouncedCriticals([a, b], announced).map((alert) => alert.id), ["a"]);
  assert.deepEqual(unannouncedCriticals([a, b], announced), [], "already announced");
  const again = { ...a, levelSince: 20 };
  assert.deepEqual(unannouncedCriticals([again], announced).map((alert) => alert.levelSince), [20], "critical again is a new episode");
  assert.deepEqual([...announced], ["a@20"], "the earlier episode is forgotten");
  unannouncedCriticals([], announced);
  assert.equal(announced.size, 0, "cleared alerts leave nothing behind");
});
