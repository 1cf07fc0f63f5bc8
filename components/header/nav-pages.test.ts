import { test } from "node:test";
import assert from "node:assert/strict";
import { mayAct, mayActOnEverything } from "@/components/auth/permissions";
import { navPages } from "./nav-pages";

const labels = (user: Parameters<typeof navPages>[0]) => navPages(user).map((page) => page.label);

test("the Audit link is shown to risk managers and admins without grants only; Admin to admins", () => {
  assert.ok(labels({ name: "ada", role: "riskManager", limited: false }).includes("Audit"));
  assert.ok(!labels({ name: "lim", role: "riskManager", limited: true }).includes("Audit"), "a limited risk manager's audit reads are refused");
  assert.ok(!labels({ name: "vic", role: "viewer", limited: false }).includes("Audit"));
  assert.deepEqual(labels({ name: "root", role: "admin", limited: false }).slice(-2), ["Audit", "Admin"]);
  assert.deepEqual(labels({ name: "limroot", role: "admin", limited: true }).slice(-1), ["Admin"]);
  assert.ok(!labels(null).includes("Audit") && !labels(null).includes("Admin"));
});

test("a limited risk manager keeps the scoped controls but is not offered the cancel of every order", () => {
  const limited = { name: "lim", role: "riskManager", limited: true } as const;
  assert.equal(mayAct(limited), true);
  assert.equal(mayActOnEverything(limited), false);
  assert.equal(mayActOnEverything({ ...limited, limited: false }), true);
  assert.equal(mayActOnEverything({ name: "vic", role: "viewer", limited: false }), false);
  assert.equal(mayActOnEverything(null), false);
});
