import { test } from "node:test";
import assert from "node:assert/strict";
import { ChangeLog } from "./change-log";

test("lists each key changed after a revision once, in change order", () => {
  const log = new ChangeLog();
  log.mark("a");
  const seen = log.revision;
  log.mark("b");
  log.mark("a");
  log.mark("c");
  assert.deepEqual(log.changedSince(seen), ["b", "a", "c"]);
  assert.deepEqual(log.changedSince(0), ["b", "a", "c"]);
  assert.deepEqual(log.changedSince(log.revision), []);
});

test("stays correct across compaction", () => {
  const log = new ChangeLog();
  log.mark("x");
  const seen = log.revision;
  for (let i = 0; i < 5000; i++) log.mark(`k${i % 3}`);
  log.mark("y");
  assert.deepEqual(new Set(log.changedSince(seen)), new Set(["k0", "k1", "k2", "y"]));
  assert.deepEqual(log.changedSince(log.revision - 1), ["y"]);
});
