import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, type Store } from "@/server/store/database";
import { verifyPassword } from "@/server/store/passwords";
import { testLogger } from "@/server/testing/silent-logger";

const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

describe("npm run user", () => {
  let dir: string;
  let store: Store;
  const run = (args: string[], input = "") => {
    const result = spawnSync(process.execPath, ["--import", "tsx", CLI, ...args], {
      input,
      encoding: "utf8",
      env: { ...process.env, SQLITE_PATH: join(dir, "riskdesk.db"), DATABASE_URL: undefined },
    });
    return { status: result.status, out: result.stdout, err: result.stderr };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-cli-"));
  });
  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("adds the first admin with the password from standard input, grants, lists, removes, and audits each change", async () => {
    assert.equal(run(["add", "alice", "--role", "admin"], "a long enough password\n").status, 0);
    assert.equal(run(["add", "bob", "--role", "viewer"], "another long password\n").status, 0);
    assert.equal(run(["grant", "bob", "group:Growth"]).status, 0);
    assert.match(run(["list"]).out, /alice\tadmin\tevery account\nbob\tviewer\tgroup:Growth\n/);
    assert.equal(run(["remove", "bob"]).status, 0);

    store = await openStore({ dialect: "sqlite", file: join(dir, "riskdesk.db") }, testLogger());
    const alice = await store.client.user.findUniqueOrThrow({ where: { name: "alice" } });
    assert.ok(await verifyPassword(alice.passwordHash, "a long enough password"));
    assert.match(alice.passwordHash, /^\$argon2id\$/);
    const audit = await store.client.auditRecord.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(audit.map((record) => record.action), ["user.added", "user.added", "grant.added", "user.removed"]);
    assert.ok(audit.every((record) => record.actor.startsWith("cli:")));
  });

  test("refuses a short password, a bad grant, an unknown user or role, and a password given as an argument", () => {
    const refusals = [
      run(["add", "carol", "--role", "viewer"], "short\n"),
      run(["grant", "alice", "all"]),
      run(["passwd", "nobody"], "a long enough password\n"),
      run(["add", "dave", "--role", "superuser"], "a long enough password\n"),
      run(["add", "erin", "--role", "viewer", "--password", "on the command line"]),
      // alice is the only admin: nobody could manage users after this.
      run(["role", "alice", "viewer"]),
      run(["remove", "alice"]),
    ];
    for (const refusal of refusals) {
      assert.equal(refusal.status, 1, refusal.err);
      assert.match(refusal.err, /^user: /);
      assert.doesNotMatch(refusal.err, /\n\s+at /, "no stack");
    }
    assert.match(refusals.at(-1)!.err, /alice is the last admin/);
    assert.doesNotMatch(run(["list"]).out, /carol|dave|erin/);
    assert.match(run(["list"]).out, /alice\tadmin/);
  });
});
