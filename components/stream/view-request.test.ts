import { test } from "node:test";
import assert from "node:assert/strict";
import type { View } from "@/lib/stream";
import { ViewRequest } from "./view-request";

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function observed(request: ViewRequest): View[] {
  const views: View[] = [];
  request.subscribe((view) => views.push(view));
  return views;
}

test("a scope change is announced once it settles", async () => {
  const request = new ViewRequest();
  const views = observed(request);
  request.setScope("group:Growth");
  request.setScope("account:DU1");
  await settle();
  assert.deepEqual(views, [{ scope: "account:DU1", positions: false, exposure: false, orders: false }]);
});

test("positions are wanted while any viewer holds them; a mount/unmount/mount burst is one change", async () => {
  const request = new ViewRequest();
  const views = observed(request);
  request.showPositions()();
  const release = request.showPositions();
  await settle();
  assert.deepEqual(views, [{ scope: "all", positions: true, exposure: false, orders: false }]);

  const second = request.showPositions();
  release();
  release();
  await settle();
  assert.equal(views.length, 1, "still one viewer: nothing to announce");
  second();
  await settle();
  assert.deepEqual(views.at(-1), { scope: "all", positions: false, exposure: false, orders: false });
});

test("a change that returns to the announced view is not announced", async () => {
  const request = new ViewRequest();
  const views = observed(request);
  request.setScope("group:Growth");
  request.setScope("all");
  await settle();
  assert.deepEqual(views, []);
  assert.deepEqual(request.current(), { scope: "all", positions: false, exposure: false, orders: false });
});
