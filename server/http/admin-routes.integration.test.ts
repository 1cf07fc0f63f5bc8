import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { io as connectClient, type Socket } from "socket.io-client";
import { ADMIN_USERS_PATH, adminUserPath, adminUsersResponseSchema } from "@/lib/admin";
import { AUDIT_CSV_PATH, AUDIT_PATH, auditPageSchema } from "@/lib/audit";
import { decodeMessage, snapshotSchema, STREAM_EVENTS, type ServerToClientEvents, type Snapshot, type UncheckedClientEvents } from "@/lib/stream";
import type { AuthFixture } from "@/server/auth/testing/auth-fixture";
import { CookieClient } from "@/server/auth/testing/cookie-client";
import { verifyPassword } from "@/server/store/passwords";
import type { Monitor } from "@/server/monitor";
import type { SimGateway } from "@/server/sim/gateway";
import { startDeskUnderTest, type DeskUnderTest } from "@/server/testing/desk-under-test";
import { waitFor } from "@/server/testing/wait-for";
import { adminUsersRoute } from "./admin-users-route";
import { AUDIT_CSV_HEADER, auditCsvRoute, auditRoute } from "./audit-route";

type Client = Socket<ServerToClientEvents, UncheckedClientEvents>;

const ADMIN_PASSWORD = "admin password";

describe("the admin and audit APIs", () => {
  let desk: DeskUnderTest;
  let sim: SimGateway;
  let monitor: Monitor;
  let fixture: AuthFixture;
  let baseUrl: string;
  /** How often the user directory told the hub that sessions ended (the signal the CLI's and the page's changes share). */
  let sessionsEndedSignals = 0;
  const sockets: Client[] = [];

  const loggedIn = (name: string, password: string) => desk.loggedIn(name, password);

  function openStream(cookie: string) {
    const socket: Client = connectClient(baseUrl, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie, origin: baseUrl } });
    sockets.push(socket);
    const record = { snapshots: [] as Snapshot[], disconnected: false };
    socket.on("disconnect", () => (record.disconnected = true));
    socket.on(STREAM_EVENTS.snapshot, (seq, body, done) => {
      record.snapshots.push(snapshotSchema.parse(decodeMessage(seq, body)));
      done();
    });
    return record;
  }

  const auditRows = (action?: string) => fixture.store.client.auditRecord.findMany({ where: { action }, orderBy: { id: "asc" } });
  const auditCount = () => fixture.store.client.auditRecord.count();
  const userRow = (name: string) => fixture.store.client.user.findUnique({ where: { name }, include: { grants: true } });
  const assertClearError = async (response: Response, status: number, pattern?: RegExp) => {
    assert.equal(response.status, status);
    const body = (await response.json()) as { error: string };
    assert.equal(typeof body.error, "string");
    assert.doesNotMatch(body.error, /\n\s+at /, "no stack");
    if (pattern) assert.match(body.error, pattern);
  };

  before(async () => {
    desk = await startDeskUnderTest({
      seed: 11,
      accounts: 4,
      clientId: 203,
      monitor: { historySampleMs: 50, linkRefreshMs: 50 },
      users: (accounts) => [
        { name: "root", role: "admin", password: ADMIN_PASSWORD },
        { name: "ada", role: "riskManager", password: "risk password" },
        { name: "vic", role: "viewer", password: "viewer password", grants: [`account:${accounts[0]}`] },
        { name: "lim", role: "riskManager", password: "limited password", grants: [`account:${accounts[1]}`] },
      ],
      userRoutes: (fixture) => ({
        [ADMIN_USERS_PATH]: adminUsersRoute(fixture.admin),
        [AUDIT_PATH]: auditRoute(fixture.store.client),
        [AUDIT_CSV_PATH]: auditCsvRoute(fixture.store.client, fixture.audit),
      }),
      hub: ({ access }) => ({
        access: {
          ...access,
          onSessionsEnded: (listener) =>
            access.onSessionsEnded(() => {
              sessionsEndedSignals += 1;
              listener();
            }),
        },
      }),
    });
    ({ sim, monitor, fixture, baseUrl } = desk);
    await waitFor("the book to fill", () => monitor.publication.snapshot({ scope: "all", positions: false, exposure: false }).firm.accountCount === sim.accounts.length, 10_000);
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await desk.close();
  });

  test("only an admin reaches the user API; nobody without a session does", async () => {
    assert.equal((await new CookieClient(baseUrl).request("GET", ADMIN_USERS_PATH)).status, 401);
    for (const [name, password] of [["ada", "risk password"], ["vic", "viewer password"]] as const) {
      const client = await loggedIn(name, password);
      await assertClearError(await client.request("GET", ADMIN_USERS_PATH), 403, /only admin/);
      const before = await auditCount();
      await assertClearError(await client.post(ADMIN_USERS_PATH, { name: "sneaky", role: "admin", password: "a long password" }), 403);
      await assertClearError(await client.send("PATCH", adminUserPath("vic"), { grants: [] }), 403);
      await assertClearError(await client.send("DELETE", adminUserPath("root")), 403);
      assert.equal(await userRow("sneaky"), null);
      assert.equal((await userRow("vic"))!.grants.length, 1);
      assert.ok(await userRow("root"));
      assert.equal(await auditCount(), before, "a refusal changes nothing");
    }

    const root = await loggedIn("root", ADMIN_PASSWORD);
    const listing = await root.request("GET", ADMIN_USERS_PATH);
    assert.equal(listing.status, 200);
    const { users } = adminUsersResponseSchema.parse(await listing.json());
    const vic = users.find((user) => user.name === "vic")!;
    assert.deepEqual(vic.grants, [`account:${sim.accounts[0]}`]);
    assert.equal(vic.role, "viewer");
    assert.equal(vic.disabled, false);
    assert.ok(Date.parse(vic.createdAt) <= Date.now());
    assert.ok(users.find((user) => user.name === "root")!.lastLoginAt, "root's login is on its row");
  });

  test("a change without the CSRF token, with a forged one, or from another origin is refused and changes nothing", async () => {
    const root = await loggedIn("root", ADMIN_PASSWORD);
    const before = await auditCount();
    const body = { name: "mallory", role: "admin", password: "a long password" };
    for (const token of ["", "forged-token-of-the-right-shape-000000000000"]) {
      await assertClearError(await root.post(ADMIN_USERS_PATH, body, { "x-csrf-token": token }), 403, /CSRF/);
      await assertClearError(await root.send("DELETE", adminUserPath("ada"), undefined, { "x-csrf-token": token }), 403, /CSRF/);
    }
    await assertClearError(await root.post(ADMIN_USERS_PATH, body, { origin: "https://evil.example" }), 403, /cross-site/);
    assert.equal(await userRow("mallory"), null);
    assert.ok(await userRow("ada"));
    assert.equal(await auditCount(), before);
  });

  test("bad bodies get a clear 400 (or 413/415) naming the problem, and change nothing", async () => {
    const root = await loggedIn("root", ADMIN_PASSWORD);
    const before = await auditCount();
    const refusals: [Promise<Response>, number, RegExp][] = [
      [root.post(ADMIN_USERS_PATH, { name: "x1", role: "viewer", password: "short" }), 400, /password: a password has at least 10 characters/],
      [root.post(ADMIN_USERS_PATH, { name: "x2", role: "superuser", password: "a long password" }), 400, /role/],
      [root.post(ADMIN_USERS_PATH, { name: "bad name!", role: "viewer", password: "a long password" }), 400, /name/],
      [root.post(ADMIN_USERS_PATH, { name: "x3", role: "viewer", password: "a long password", grants: ["all"] }), 400, /grants\.0: a grant is group/],
      [root.post(ADMIN_USERS_PATH, { name: "x4", role: "viewer", password: "a long password", grants: ["group:A", "group:A"] }), 400, /twice/],
      [root.post(ADMIN_USERS_PATH, { name: "x5", role: "viewer", password: "a long password", admin: true }), 400, /admin/],
      [root.post(ADMIN_USERS_PATH, []), 400, /object/],
      [root.send("PATCH", adminUserPath("vic"), { role: "admin", grants: [] }), 400, /./],
      [root.send("PATCH", adminUserPath("vic"), {}), 400, /./],
      [root.send("PATCH", adminUserPath("vic"), { grants: ["account:DU1 DU2"] }), 400, /grants\.0/],
      [root.send("PATCH", adminUserPath("vic"), { disabled: "yes" }), 400, /./],
      [root.request("POST", ADMIN_USERS_PATH, { body: "{not json", headers: { "content-type": "application/json", "x-csrf-token": root.csrfToken } }), 400, /not valid JSON/],
      [root.request("POST", ADMIN_USERS_PATH, { body: "name=x", headers: { "content-type": "text/plain", "x-csrf-token": root.csrfToken } }), 415, /application\/json/],
      [root.post(ADMIN_USERS_PATH, { name: "x6", role: "viewer", password: "p".repeat(40_000) }), 413, /larger than/],
      [root.send("PATCH", adminUserPath("nobody"), { role: "viewer" }), 404, /no user named nobody/],
      [root.send("PUT", adminUserPath("vic"), { role: "viewer" }), 405, /method/],
      [root.post(ADMIN_USERS_PATH, { name: "vic", role: "viewer", password: "a long password" }), 409, /exists already/],
    ];
    for (const [response, status, pattern] of refusals) await assertClearError(await response, status, pattern);
    assert.equal((await userRow("vic"))!.role, "viewer");
    assert.equal((await fixture.store.client.user.count({ where: { name: { startsWith: "x" } } })), 0);
    assert.equal(await auditCount(), before);
  });

  test("the last admin cannot be demoted, disabled or removed; with a second admin it can", async () => {
    const root = await loggedIn("root", ADMIN_PASSWORD);
    await assertClearError(await root.send("PATCH", adminUserPath("root"), { role: "viewer" }), 409, /last admin/);
    await assertClearError(await root.send("PATCH", adminUserPath("root"), { disabled: true }), 409, /last admin/);
    await assertClearError(await root.send("DELETE", adminUserPath("root")), 409, /last admin/);
    assert.equal((await userRow("root"))!.role, "admin");
    assert.equal((await root.session()).user?.name, "root", "root is still logged in: nothing changed");

    assert.equal((await root.post(ADMIN_USERS_PATH, { name: "deputy", role: "admin", password: "deputy password" })).status, 201);
    assert.equal((await root.send("PATCH", adminUserPath("deputy"), { role: "riskManager" })).status, 200);
    assert.equal((await userRow("deputy"))!.role, "riskManager");
    const [roleChange] = await auditRows("user.role");
    assert.deepEqual(JSON.parse(roleChange!.details), { user: "deputy", from: "admin", role: "riskManager" });
    assert.equal((await root.send("DELETE", adminUserPath("deputy"))).status, 200);
  });

  test("each change is written to the audit log with who, when, from where and what", async () => {
    const root = await loggedIn("root", ADMIN_PASSWORD);
    const since = new Date(Date.now() - 1000);
    const group = sim.groups[0]!.name;
    assert.equal((await root.post(ADMIN_USERS_PATH, { name: "nina", role: "viewer", password: "nina's password", grants: [`group:${group}`] })).status, 201);
    assert.equal((await root.send("PATCH", adminUserPath("nina"), { grants: [`account:${sim.accounts[1]}`] })).status, 200);
    assert.equal((await root.send("PATCH", adminUserPath("nina"), { password: "nina's new password" })).status, 200);
    assert.equal((await root.send("PATCH", adminUserPath("nina"), { disabled: true })).status, 200);
    assert.equal((await new CookieClient(baseUrl).login("nina", "nina's new password")).status, 401, "a disabled user cannot log in");
    assert.equal((await root.send("PATCH", adminUserPath("nina"), { disabled: false })).status, 200);
    assert.equal((await new CookieClient(baseUrl).login("nina", "nina's new password")).status, 200);
    assert.ok(await verifyPassword((await userRow("nina"))!.passwordHash, "nina's new password"));
    assert.equal((await root.send("DELETE", adminUserPath("nina"))).status, 200);
    assert.equal(await userRow("nina"), null);

    const rows = (await fixture.store.client.auditRecord.findMany({ where: { actor: "root", at: { gte: since } }, orderBy: { id: "asc" } })).filter(
      (row) => (JSON.parse(row.details) as { user?: string }).user === "nina",
    );
    assert.deepEqual(
      rows.map((row) => [row.action, JSON.parse(row.details) as unknown]),
      [
        ["user.added", { user: "nina", role: "viewer" }],
        ["grant.added", { user: "nina", grant: `group:${group}` }],
        ["grant.added", { user: "nina", grant: `account:${sim.accounts[1]}` }],
        ["grant.removed", { user: "nina", grant: `group:${group}` }],
        ["user.password", { user: "nina" }],
        ["user.disabled", { user: "nina" }],
        ["user.enabled", { user: "nina" }],
        ["user.removed", { user: "nina" }],
      ],
    );
    for (const row of rows) {
      assert.equal(row.address, "127.0.0.1");
      assert.equal(row.outcome, "ok");
      assert.ok(row.at >= since && row.at <= new Date());
    }
    assert.ok(!rows.some((row) => row.details.includes("password\":")), "no password in the log");
  });

  test("a grant or role change, a new password and a removal through the API drop the user's live socket at once", async () => {
    const root = await loggedIn("root", ADMIN_PASSWORD);
    const [first, second] = sim.accounts;
    assert.equal((await root.post(ADMIN_USERS_PATH, { name: "liv", role: "viewer", password: "liv's password" })).status, 201);

    const wide = openStream((await loggedIn("liv", "liv's password")).cookieHeader);
    assert.deepEqual((await waitFor("a snapshot", () => wide.snapshots[0])).accountIds, [...sim.accounts]);
    let signals = sessionsEndedSignals;
    assert.equal((await root.send("PATCH", adminUserPath("liv"), { grants: [`account:${second}`] })).status, 200);
    await waitFor("the socket dropped", () => wide.disconnected);
    assert.ok(sessionsEndedSignals > signals, "the hub was told at once, not on its next periodic check");
    const narrow = openStream((await loggedIn("liv", "liv's password")).cookieHeader);
    assert.deepEqual((await waitFor("a snapshot", () => narrow.snapshots[0])).accountIds, [second], "it logs in again to the narrower view");
    assert.ok(!narrow.snapshots[0]!.accounts.some((account) => account.accountId === first));

    const changes: unknown[] = [{ role: "riskManager" }, { password: "liv's other password" }];
    let password = "liv's password";
    for (const change of changes) {
      const stream = openStream((await loggedIn("liv", password)).cookieHeader);
      await waitFor("a snapshot", () => stream.snapshots[0]);
      signals = sessionsEndedSignals;
      assert.equal((await root.send("PATCH", adminUserPath("liv"), change)).status, 200);
      await waitFor("the socket dropped", () => stream.disconnected);
      assert.ok(sessionsEndedSignals > signals);
      if ("password" in (change as object)) password = (change as { password: string }).password;
    }
    const last = openStream((await loggedIn("liv", password)).cookieHeader);
    await waitFor("a snapshot", () => last.snapshots[0]);
    assert.equal((await root.send("DELETE", adminUserPath("liv"))).status, 200);
    await waitFor("the socket dropped", () => last.disconnected);
  });

  test("risk managers and admins read the audit log filtered by actor, action and time, newest first, a page at a time; viewers may not", async () => {
    const vic = await loggedIn("vic", "viewer password");
    await assertClearError(await vic.request("GET", AUDIT_PATH), 403);
    await assertClearError(await vic.request("GET", AUDIT_CSV_PATH), 403);

    const root = await loggedIn("root", ADMIN_PASSWORD);
    const from = new Date().toISOString();
    for (const name of ["p1", "p2", "p3"]) {
      assert.equal((await root.post(ADMIN_USERS_PATH, { name, role: "viewer", password: "a long password" })).status, 201);
    }
    const ada = await loggedIn("ada", "risk password");
    const read = async (query: Record<string, string>) => {
      const response = await ada.request("GET", `${AUDIT_PATH}?${new URLSearchParams(query)}`);
      assert.equal(response.status, 200);
      return auditPageSchema.parse(await response.json());
    };
    const added = await read({ actor: "root", action: "user.added", from });
    assert.equal(added.total, 3);
    assert.deepEqual(added.records.map((record) => record.details.user), ["p3", "p2", "p1"], "newest first");
    assert.ok(added.records.every((record) => record.actor === "root" && record.action === "user.added" && record.address === "127.0.0.1"));

    const second = await read({ actor: "root", action: "user.added", from, pageSize: "2", page: "2" });
    assert.deepEqual(second.records.map((record) => record.details.user), ["p1"]);
    assert.equal(second.total, 3);
    assert.equal((await read({ action: "user.added", to: from })).records.some((record) => ["p1", "p2", "p3"].includes(String(record.details.user))), false);
    assert.equal((await read({ actor: "nobody-at-all" })).total, 0);

    // A family of actions: every step of an order cancel, and nothing else.
    for (const action of ["orders.cancel.requested", "orders.cancel.sent", "orders.cancel.verified"] as const) {
      await fixture.audit({ actor: "ada", address: "127.0.0.1", action, details: { from }, outcome: "ok" });
    }
    // An action that only shares the first letters is not in the family.
    await fixture.store.client.auditRecord.create({ data: { actor: "ada", action: "orders.cancelled.elsewhere", details: "{}", outcome: "ok" } });
    const cancels = await read({ action: "orders.cancel.*", from });
    assert.deepEqual(
      cancels.records.map((record) => record.action),
      ["orders.cancel.verified", "orders.cancel.sent", "orders.cancel.requested"],
    );

    for (const query of ["action=orders.*.sent", "from=yesterday", "page=0", "pageSize=100000", "action=drop%20table", "action=a&action=b", "colour=red", `from=${from}&to=${from}`]) {
      await assertClearError(await ada.request("GET", `${AUDIT_PATH}?${query}`), 400);
    }
  });

  test("a risk manager limited by grants may not read the audit log or its CSV, and its session says it is limited", async () => {
    const lim = await loggedIn("lim", "limited password");
    assert.deepEqual((await lim.session()).user, { name: "lim", role: "riskManager", limited: true });
    const before = await auditCount();
    await assertClearError(await lim.request("GET", AUDIT_PATH), 403, /limited by grants/);
    await assertClearError(await lim.request("GET", AUDIT_CSV_PATH), 403, /limited by grants/);
    assert.equal(await auditCount(), before, "a refused export is not recorded as an export");
    const ada = await loggedIn("ada", "risk password");
    assert.deepEqual((await ada.session()).user, { name: "ada", role: "riskManager", limited: false });
    assert.equal((await ada.request("GET", AUDIT_PATH)).status, 200);
  });

  test("the CSV export has a header, the filter's rows newest first, and no cell a spreadsheet would run as a formula", async () => {
    await fixture.audit({ actor: "=HYPERLINK(\"http://evil.example\")", address: "10.0.0.9", action: "login.failed", details: { note: "+1, \"quoted\"" }, outcome: "refused" });
    await fixture.audit({ actor: "@attacker", address: "10.0.0.9", action: "login.failed", outcome: "refused" });
    const ada = await loggedIn("ada", "risk password");
    const response = await ada.request("GET", `${AUDIT_CSV_PATH}?${new URLSearchParams({ action: "login.failed" })}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type")!, /^text\/csv/);
    assert.match(response.headers.get("content-disposition")!, /^attachment; filename="riskdesk-audit-.*\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    assert.equal(lines[0], AUDIT_CSV_HEADER.join(","));
    const expected = await fixture.store.client.auditRecord.findMany({ where: { action: "login.failed" }, orderBy: { id: "desc" } });
    assert.equal(lines.length, 1 + expected.length);
    assert.ok(lines.slice(1).every((line, i) => line.startsWith(`${expected[i]!.id},`)), "rows newest first");
    assert.ok(lines.includes(`${expected[0]!.id},${expected[0]!.at.toISOString()},'@attacker,10.0.0.9,login.failed,refused,{}`));
    assert.ok(lines[2]!.includes(`"'=HYPERLINK(""http://evil.example"")"`), lines[2]);
    const exported = (await auditRows("audit.exported")).at(-1)!;
    assert.equal(exported.actor, "ada");
    assert.deepEqual(JSON.parse(exported.details), { action: "login.failed" });
    await assertClearError(await ada.request("GET", `${AUDIT_CSV_PATH}?page=2`), 400);
  });
});
