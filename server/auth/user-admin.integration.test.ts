import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseScope, type Grant } from "@/lib/scope";
import type { SecurityEvent } from "./audit";
import { authFixture, type AuthFixture } from "./testing/auth-fixture";
import { AuditUnavailableError, UserAdministration } from "./user-admin";
import { UserDirectory } from "./users";

const actor = { name: "root", address: "127.0.0.1" };
const grant = (id: string) => parseScope(id) as Grant;

describe("user administration audits each change before making it", () => {
  let fixture: AuthFixture;
  /** Whether the audit log below refuses writes, as a store that is down does. */
  let auditDown = false;
  let admin: UserAdministration;
  let users: UserDirectory;
  let sessionsEnded = 0;

  before(async () => {
    fixture = await authFixture(() => []);
    users = new UserDirectory(fixture.store.client);
    users.onSessionsEnded(() => (sessionsEnded += 1));
    admin = new UserAdministration(users, async (event: SecurityEvent) => {
      if (auditDown) throw new Error("the store is down");
      await fixture.audit(event);
    });
    await fixture.addUser("root", "admin", "root password");
    await fixture.addUser("vic", "viewer", "viewer password", ["account:DU1"]);
  });
  after(() => fixture.close());

  const records = () => fixture.store.client.auditRecord.findMany({ orderBy: { id: "asc" } });
  const vic = () => users.summary("vic");

  test("when the audit log cannot record it, no change is made and no session ends", async () => {
    auditDown = true;
    try {
      const endedBefore = sessionsEnded;
      const changes: (() => Promise<void>)[] = [
        () => admin.add(actor, "newcomer", "viewer", "a long password", [grant("group:Income")]),
        () => admin.setRole(actor, "vic", "admin"),
        () => admin.grant(actor, "vic", grant("group:Income")),
        () => admin.revoke(actor, "vic", grant("account:DU1")),
        () => admin.replaceGrants(actor, "vic", []),
        () => admin.setPassword(actor, "vic", "another long password"),
        () => admin.setDisabled(actor, "vic", true),
        () => admin.remove(actor, "vic"),
      ];
      for (const change of changes) await assert.rejects(change(), AuditUnavailableError);
      assert.deepEqual(await users.list({ name: "newcomer" }), []);
      const after = await vic();
      assert.deepEqual([after.role, after.disabled, after.grants.map((held) => held.kind === "account" && held.id)], ["viewer", false, ["DU1"]]);
      assert.ok(await users.authenticate("vic", "viewer password"), "the password is unchanged");
      assert.equal(sessionsEnded, endedBefore);
    } finally {
      auditDown = false;
    }
  });

  test("a change is recorded before it is made, and one that then fails is followed by a refused record with the error", async () => {
    await admin.setRole(actor, "vic", "riskManager");
    const [recorded] = (await records()).filter((row) => row.action === "user.role");
    assert.equal(recorded!.outcome, "ok");
    assert.equal((await vic()).role, "riskManager");

    // The user is removed between the check and the change (by another process, say).
    const lateRemoval = new UserAdministration(users, async (event) => {
      await fixture.audit(event);
      if (event.outcome === "ok") await fixture.store.client.user.delete({ where: { name: "vic" } });
    });
    await assert.rejects(lateRemoval.setPassword(actor, "vic", "another long password"), /no user named vic/);
    const rows = (await records()).filter((row) => row.action === "user.password");
    assert.deepEqual(
      rows.map((row) => [row.outcome, JSON.parse(row.details) as unknown]),
      [
        ["ok", { user: "vic" }],
        ["refused", { user: "vic", error: "no user named vic" }],
      ],
    );
  });
});
