import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, verifyPassword } from "./passwords";

test("a password hashes to a salted argon2id PHC string with the chosen parameters", async () => {
  const first = await hashPassword("correct horse battery staple");
  const second = await hashPassword("correct horse battery staple");
  assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  assert.notEqual(first, second, "each hash has its own salt");
  assert.doesNotMatch(first, /correct horse/);
});

test("only the right password verifies", async () => {
  const stored = await hashPassword("s3cret-Ünïcode");
  assert.equal(await verifyPassword(stored, "s3cret-Ünïcode"), true);
  assert.equal(await verifyPassword(stored, "s3cret-Unicode"), false);
  assert.equal(await verifyPassword(stored, ""), false);
});

test("a stored value that is not an argon2 hash is an error, not a wrong password", async () => {
  await assert.rejects(verifyPassword("plain-text-password", "plain-text-password"));
});
