import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sealData } from "iron-session";
import { createRequestHandler } from "@/server/http/request-handler";
import { testLogger } from "@/server/testing/silent-logger";
import { authFixture, TEST_SESSION_SECRET, type AuthFixture } from "./testing/auth-fixture";
import { CookieClient } from "./testing/cookie-client";
import { SESSION_COOKIE } from "./session-cookie";

describe("logging in and out over HTTP, against hostile input", () => {
  let fixture: AuthFixture;
  let server: Server;
  let baseUrl: string;
  let pagesServed: string[];

  before(async () => {
    fixture = await authFixture(() => [baseUrl]);
    await fixture.addUser("ada", "riskManager", "correct horse battery staple");
    server = createServer(
      createRequestHandler({
        logger: testLogger(),
        health: () => ({ ok: true }),
        auth: fixture.auth,
        pages: async (request, response) => {
          pagesServed.push(`${request.method} ${request.url}`);
          response.end("page");
        },
      }),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (pagesServed = []));
  after(async () => {
    server.close();
    await fixture.close();
  });

  const auditActions = async () => (await fixture.store.client.auditRecord.findMany({ orderBy: { id: "asc" } })).map((r) => `${r.action} ${r.actor} ${r.outcome}`);
  const auditCount = () => fixture.store.client.auditRecord.count();

  test("the right password logs in, the session names the user, and the login is audited with the address", async () => {
    const client = new CookieClient(baseUrl);
    assert.deepEqual((await client.session()).user, null);
    const response = await client.login("ada", "correct horse battery staple");
    assert.equal(response.status, 200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.deepEqual((await client.session()).user, { name: "ada", role: "riskManager", limited: false });
    const record = await fixture.store.client.auditRecord.findFirst({ where: { action: "login", actor: "ada" } });
    assert.equal(record?.address, "127.0.0.1");
  });

  test("a wrong password is refused with 401, audited, and logs nobody in", async () => {
    const client = new CookieClient(baseUrl);
    const response = await client.login("ada", "wrong");
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "wrong user name or password" });
    assert.equal((await client.session()).user, null);
    assert.ok((await auditActions()).includes("login.failed ada refused"));
  });

  test("an unknown user gets the same answer as a wrong password", async () => {
    const response = await new CookieClient(baseUrl).login("nobody", "whatever");
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "wrong user name or password" });
  });

  test("a state-changing request without the CSRF token, or with a forged one, is refused and changes nothing", async () => {
    const client = new CookieClient(baseUrl);
    await client.session();
    const before = await auditCount();
    for (const token of ["", "forged-token-of-the-right-shape-000000000000"]) {
      const response = await client.post("/api/login", { name: "ada", password: "correct horse battery staple" }, { "x-csrf-token": token });
      assert.equal(response.status, 403);
      assert.match(((await response.json()) as { error: string }).error, /CSRF token/);
    }
    // A token from another browser's session does not fit this one either.
    const other = new CookieClient(baseUrl);
    await other.session();
    assert.equal((await client.post("/api/login", { name: "ada", password: "x" }, { "x-csrf-token": other.csrfToken })).status, 403);
    // Nor does a POST to a page get past the guard.
    assert.equal((await client.request("POST", "/", { headers: { "content-type": "text/plain" } })).status, 403);
    assert.deepEqual(pagesServed, []);
    assert.equal((await client.session()).user, null);
    assert.equal(await auditCount(), before);
  });

  test("a request from another origin is refused even with a valid token", async () => {
    const client = new CookieClient(baseUrl, "https://evil.example");
    await client.session();
    const response = await client.post("/api/login", { name: "ada", password: "correct horse battery staple" });
    assert.equal(response.status, 403);
    assert.match(((await response.json()) as { error: string }).error, /cross-site/);
    assert.equal((await client.session()).user, null);
  });

  test("an oversized body is refused with 413 before it is read whole, and changes nothing", async () => {
    const client = new CookieClient(baseUrl);
    await client.session();
    const before = await auditCount();
    const response = await client.post("/api/login", { name: "ada", password: "x".repeat(64 * 1024) });
    assert.equal(response.status, 413);
    assert.match(((await response.json()) as { error: string }).error, /larger than/);
    assert.equal(await auditCount(), before);
  });

  test("a body that is not a login is refused with 400 without echoing anything", async () => {
    const client = new CookieClient(baseUrl);
    await client.session();
    for (const body of [{ name: "ada" }, { name: "ada", password: "x", role: "admin" }, ["ada"], { name: "<script>", password: "x" }]) {
      const response = await client.post("/api/login", body);
      assert.equal(response.status, 400);
      assert.doesNotMatch(await response.text(), /script|stack|at /);
    }
    const malformed = await client.request("POST", "/api/login", { body: "{", headers: { "content-type": "application/json", "x-csrf-token": client.csrfToken } });
    assert.equal(malformed.status, 400);
  });

  test("a forged session cookie names nobody", async () => {
    const client = new CookieClient(baseUrl);
    client.cookies.set(SESSION_COOKIE, await sealData({ userId: 1, sessionVersion: 0, csrfToken: "t" }, { password: "another secret that is long enough for iron" }));
    assert.equal((await client.session()).user, null);
    client.cookies.set(SESSION_COOKIE, "Fe26.2**garbage");
    assert.equal((await client.session()).user, null);
  });

  test("an expired session cookie names nobody, and its page redirects to the login page", async (t) => {
    const client = new CookieClient(baseUrl);
    await client.login("ada", "correct horse battery staple");
    assert.equal((await client.session()).user?.name, "ada");
    // Two days on (the session lasts 36 hours, iron's clock skew allowance a minute).
    t.mock.timers.enable({ apis: ["Date"], now: Date.now() + 48 * 3600_000 });
    assert.equal((await client.session()).user, null);
    assert.equal((await client.request("GET", "/")).status, 303);
  });

  test("a cookie sealed with the right secret but an old session version names nobody", async () => {
    const ada = await fixture.store.client.user.findUniqueOrThrow({ where: { name: "ada" } });
    const client = new CookieClient(baseUrl);
    client.cookies.set(SESSION_COOKIE, await sealData({ userId: ada.id, sessionVersion: ada.sessionVersion - 1, csrfToken: "t" }, { password: TEST_SESSION_SECRET }));
    assert.equal((await client.session()).user, null);
  });

  test("logout ends the session, and a copy of its cookie kept elsewhere with it", async () => {
    const client = new CookieClient(baseUrl);
    await client.login("ada", "correct horse battery staple");
    const copy = new CookieClient(baseUrl);
    copy.cookies.set(SESSION_COOKIE, client.cookies.get(SESSION_COOKIE)!);
    assert.equal((await copy.session()).user?.name, "ada");
    assert.equal((await client.post("/api/logout", {})).status, 200);
    assert.equal((await client.session()).user, null);
    assert.equal((await copy.session()).user, null);
    assert.ok((await auditActions()).includes("logout ada ok"));
  });

  test("a page without a session, or with a forged one, redirects to the login page; the login page and assets need none", async () => {
    const client = new CookieClient(baseUrl);
    const response = await client.request("GET", "/positions?scope=all");
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/login?next=%2Fpositions%3Fscope%3Dall");
    client.cookies.set(SESSION_COOKIE, "Fe26.2**forged");
    assert.equal((await client.request("GET", "/")).status, 303);
    assert.equal((await client.request("GET", "/login")).status, 200);
    assert.equal((await client.request("GET", "/_next/static/chunk.js")).status, 200);
    assert.deepEqual(pagesServed, ["GET /login", "GET /_next/static/chunk.js"]);
    await client.login("ada", "correct horse battery staple");
    assert.equal((await client.request("GET", "/")).status, 200);
  });

  test("a burst of 100 logins is rate limited: past the limit even the right password is refused with 429", async () => {
    await fixture.addUser("grace", "viewer", "the right one");
    const client = new CookieClient(baseUrl);
    await client.session();
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push((await client.post("/api/login", { name: "grace", password: `guess ${i}` })).status);
    assert.ok(statuses.includes(429), "some attempts were rate limited");
    assert.deepEqual(new Set(statuses), new Set([401, 429]));
    const response = await client.post("/api/login", { name: "grace", password: "the right one" });
    assert.equal(response.status, 429);
    assert.ok(Number(response.headers.get("retry-after")) > 0);
    assert.equal((await client.session()).user, null);
    assert.ok((await auditActions()).includes("login.rateLimited grace refused"));
  });
});
