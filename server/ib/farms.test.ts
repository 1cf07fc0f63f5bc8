import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_DATA_FARMS } from "@/lib/stream";
import { FarmBoard, parseFarmNotice } from "./farms";

test("reads farm, kind and state from IB's wording", () => {
  const cases: Array<[number, string, ReturnType<typeof parseFarmNotice>]> = [
    [2104, "Market data farm connection is OK:usfarm", { name: "usfarm", kind: "market", state: "ok" }],
    [2104, "Market data farm connection is OK:usfarm.nj", { name: "usfarm.nj", kind: "market", state: "ok" }],
    [2106, "HMDS data farm connection is OK:ushmds", { name: "ushmds", kind: "hmds", state: "ok" }],
    [2158, "Sec-def data farm connection is OK:secdefil", { name: "secdefil", kind: "secdef", state: "ok" }],
    [2103, "Market data farm connection is broken:usfarm", { name: "usfarm", kind: "market", state: "broken" }],
    [2105, "HMDS data farm connection is broken:ushmds", { name: "ushmds", kind: "hmds", state: "broken" }],
    [2157, "Sec-def data farm connection is broken:secdefnj", { name: "secdefnj", kind: "secdef", state: "broken" }],
    [2108, "Market data farm connection is inactive but should be available upon demand.usfarm.nj", { name: "usfarm.nj", kind: "market", state: "inactive" }],
    [2107, "HMDS data farm connection is inactive but should be available upon demand.ushmds", { name: "ushmds", kind: "hmds", state: "inactive" }],
    // IB has sent 2108 about an HMDS farm: the text decides the kind.
    [2108, "HMDS data farm connection is inactive but should be available upon demand.ushmds", { name: "ushmds", kind: "hmds", state: "inactive" }],
    [2119, "Market data farm is connecting:hfarm", { name: "hfarm", kind: "market", state: "connecting" }],
  ];
  for (const [code, text, expected] of cases) assert.deepEqual(parseFarmNotice(code, text), expected, text);
});

test("other codes are not farm notices; an unknown wording still gives the state", () => {
  assert.equal(parseFarmNotice(1100, "Connectivity between IB and Trader Workstation has been lost."), null);
  assert.equal(parseFarmNotice(2148, "Market data farm connection is OK:usfarm"), null);
  assert.deepEqual(parseFarmNotice(2157, "something new"), { name: "(secdef)", kind: "secdef", state: "broken" });
});

test("the board keeps each farm's state since it last changed, and a bounded number of farms", () => {
  const board = new FarmBoard();
  assert.equal(board.apply({ name: "usfarm", kind: "market", state: "ok" }, 1000), true);
  assert.equal(board.apply({ name: "usfarm", kind: "market", state: "ok" }, 2000), false, "a repeat is no change");
  assert.equal(board.apply({ name: "ushmds", kind: "hmds", state: "ok" }, 1000), true);
  assert.equal(board.apply({ name: "usfarm", kind: "market", state: "broken" }, 3000), true);
  assert.deepEqual(board.list(), [
    { name: "ushmds", kind: "hmds", state: "ok", since: 1000 },
    { name: "usfarm", kind: "market", state: "broken", since: 3000 },
  ]);
  for (let i = 0; i < MAX_DATA_FARMS * 2; i++) board.apply({ name: `farm${i}`, kind: "market", state: "ok" }, 4000);
  assert.equal(board.list().length, MAX_DATA_FARMS);
  assert.equal(board.clear(), true);
  assert.deepEqual(board.list(), []);
});
