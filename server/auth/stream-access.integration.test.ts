import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sealData } from "iron-session";
import { io as connectClient, type Socket } from "socket.io-client";
import { accountOfPositionKey } from "@/lib/positions";
import { decodeMessage, deltaSchema, snapshotSchema, STREAM_EVENTS, type Delta, type ServerToClientEvents, type Snapshot, type UncheckedClientEvents } from "@/lib/stream";
import type { Monitor } from "@/server/monitor";
import type { StreamHub } from "@/server/realtime/hub";
import type { SimGateway } from "@/server/sim/gateway";
import { startDeskUnderTest, type DeskUnderTest } from "@/server/testing/desk-under-test";
import { waitFor } from "@/server/testing/wait-for";
import { SESSION_COOKIE } from "./session-cookie";
import { TEST_SESSION_SECRET, type AuthFixture } from "./testing/auth-fixture";
import { parseGrant } from "./users";

type Client = Socket<ServerToClientEvents, UncheckedClientEvents>;

describe("the stream, by session and grant", () => {
  let desk: DeskUnderTest;
  let sim: SimGateway;
  let monitor: Monitor;
  let fixture: AuthFixture;
  let hub: StreamHub;
  let baseUrl: string;
  let limitedTo: string;
  const sockets: Client[] = [];

  /** A browser's socket with these cookies, from `origin`; it records what it is sent and whether it was let in. */
  function openStream(cookie: string, { origin = baseUrl, view }: { origin?: string; view?: unknown } = {}) {
    const socket: Client = connectClient(baseUrl, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie, origin },
      auth: view ? { view } : {},
    });
    sockets.push(socket);
    const record = { socket, snapshots: [] as Snapshot[], deltas: [] as Delta[], refused: undefined as string | undefined, disconnected: false };
    socket.on("connect_error", (error) => (record.refused = error.message));
    socket.on("disconnect", () => (record.disconnected = true));
    socket.on(STREAM_EVENTS.snapshot, (seq, body, done) => {
      record.snapshots.push(snapshotSchema.parse(decodeMessage(seq, body)));
      done();
    });
    socket.on(STREAM_EVENTS.delta, (seq, body, done) => {
      record.deltas.push(deltaSchema.parse(decodeMessage(seq, body)));
      done();
    });
    return record;
  }

  const loggedIn = (name: string, password: string) => desk.loggedIn(name, password);

  before(async () => {
    desk = await startDeskUnderTest({
      seed: 5,
      accounts: 3,
      clientId: 202,
      monitor: { historySampleMs: 50, linkRefreshMs: 50 },
      users: (accounts) => [
        { name: "vic", role: "viewer", password: "viewer password", grants: [`account:${accounts[1]}`] },
        { name: "ada", role: "riskManager", password: "risk password" },
        { name: "max", role: "admin", password: "admin password" },
      ],
    });
    ({ sim, monitor, fixture, hub, baseUrl } = desk);
    limitedTo = sim.accounts[1]!;
    await waitFor("the book to fill", () => {
      const snapshot = monitor.publication.snapshot({ scope: "all", positions: true, exposure: false });
      return snapshot.firm.figures.netLiquidation !== undefined && snapshot.positions.length === sim.positions().length;
    }, 10_000);
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await desk.close();
  });

  test("a socket without a session, with a forged or ended one, or from another origin is refused", async () => {
    const vic = await loggedIn("vic", "viewer password");
    const forged = `${SESSION_COOKIE}=${await sealData({ userId: 1, sessionVersion: 0, csrfToken: "t" }, { password: "another secret that is long enough for iron" })}`;
    const ended = await loggedIn("ada", "risk password");
    const endedCookie = ended.cookieHeader;
    await ended.post("/api/logout", {});
    const attempts = [
      openStream(""),
      openStream(forged),
      openStream(`${SESSION_COOKIE}=Fe26.2**not-a-seal`),
      openStream(endedCookie),
      openStream(vic.cookieHeader, { origin: "https://evil.example" }),
    ];
    for (const attempt of attempts) {
      await waitFor("the refusal", () => attempt.refused);
      assert.match(attempt.refused!, /unauthorized/);
      assert.deepEqual(attempt.snapshots, []);
    }
    // A session cookie sealed with the real secret but an old session version is refused too.
    const ada = await fixture.store.client.user.findUniqueOrThrow({ where: { name: "ada" } });
    const stale = openStream(`${SESSION_COOKIE}=${await sealData({ userId: ada.id, sessionVersion: ada.sessionVersion - 1, csrfToken: "t" }, { password: TEST_SESSION_SECRET })}`);
    await waitFor("the refusal", () => stale.refused);
  });

  // waitFor's own deadline reads the frozen Date: the test's timeout (on real timers) stands in for it.
  test("a socket with an expired session cookie is refused", { timeout: 10_000 }, async (t) => {
    const ada = await loggedIn("ada", "risk password");
    // Two days on (the session lasts 36 hours, iron's clock skew allowance a minute).
    t.mock.timers.enable({ apis: ["Date"], now: Date.now() + 48 * 3600_000 });
    const stream = openStream(ada.cookieHeader);
    assert.match(await waitFor("the refusal", () => stream.refused), /unauthorized/);
    assert.deepEqual(stream.snapshots, []);
  });

  test("a viewer limited to one sub-account never receives another's figures, positions, history or totals, including in a resync", async () => {
    const vic = await loggedIn("vic", "viewer password");
    // It asks for everything: it is shown its own account.
    const stream = openStream(vic.cookieHeader, { view: { scope: "all", positions: true, exposure: true } });
    const snapshot = await waitFor("a snapshot", () => stream.snapshots[0]);
    const own = (account: string) => assert.equal(account, limitedTo, `${account} is another's`);
    const checkSnapshot = (body: Snapshot) => {
      assert.equal(body.view.scope, `account:${limitedTo}`);
      assert.deepEqual(body.accountIds, [limitedTo]);
      body.accounts.forEach((account) => own(account.accountId));
      body.positions.forEach((position) => own(position.account));
      body.history.forEach((point) => own(point.series));
      assert.deepEqual(body.groups, []);
      assert.deepEqual(body.fa.groups, []);
      Object.keys(body.fa.aliases).forEach(own);
      assert.equal(body.firm.accountCount, 1);
      assert.equal(body.exposure?.scope, `account:${limitedTo}`);
    };
    checkSnapshot(snapshot);
    assert.ok(snapshot.positions.length > 0, "its own positions are there");
    const ownNetLiq = sim.accountFigures(limitedTo).netLiquidation;
    assert.ok(Math.abs(snapshot.firm.figures.netLiquidation!.value! - ownNetLiq) < 0.05, "its totals are its own account's, not the firm's");

    sim.shock(-3);
    await waitFor("deltas with moved totals and history", () => stream.deltas.some((d) => d.firm) && stream.deltas.some((d) => d.history?.length));
    stream.socket.emit(STREAM_EVENTS.view, { scope: `account:${sim.accounts[0]}`, positions: true, exposure: true });
    stream.socket.emit(STREAM_EVENTS.resync, { lastSeq: 0, reason: "gap" });
    await waitFor("a second snapshot", () => stream.snapshots[1]);
    stream.snapshots.forEach(checkSnapshot);
    for (const delta of stream.deltas) {
      assert.equal(delta.firmFigures, undefined, "never the firm's figures");
      assert.equal(delta.groups, undefined);
      assert.equal(delta.groupFigures, undefined);
      assert.equal(delta.accountIds, undefined);
      delta.accounts?.forEach((account) => own(account.accountId));
      delta.accountFigures?.forEach(([account]) => own(account));
      delta.positions?.forEach((position) => own(position.account));
      [...(delta.positionFigures ?? []).map(([key]) => key), ...(delta.removedPositions ?? [])].forEach((key) => own(accountOfPositionKey(key)));
      delta.history?.forEach((point) => own(point.series));
      if (delta.firm) assert.equal(delta.firm.accountCount, 1);
      if (delta.exposure) assert.equal(delta.exposure.scope, `account:${limitedTo}`);
    }
  });

  test("a user without grants gets the firm's totals over every account", async () => {
    const max = await loggedIn("max", "admin password");
    const stream = openStream(max.cookieHeader);
    const snapshot = await waitFor("a snapshot", () => stream.snapshots[0]);
    assert.deepEqual(snapshot.accountIds, [...sim.accounts]);
    assert.equal(snapshot.firm.accountCount, sim.accounts.length);
  });

  test("logging out drops the session's socket at once", async () => {
    const ada = await loggedIn("ada", "risk password");
    const stream = openStream(ada.cookieHeader);
    await waitFor("a snapshot", () => stream.snapshots[0]);
    assert.equal((await ada.post("/api/logout", {})).status, 200);
    await waitFor("the socket dropped", () => stream.disconnected);
  });

  test("a new grant ends the user's session and drops its socket; it logs in again to the narrower view", async () => {
    const max = await loggedIn("max", "admin password");
    const stream = openStream(max.cookieHeader);
    await waitFor("a snapshot", () => stream.snapshots[0]);
    await fixture.users.grant("max", parseGrant(`account:${sim.accounts[0]}`));
    await waitFor("the socket dropped", () => stream.disconnected);
    const again = openStream((await loggedIn("max", "admin password")).cookieHeader);
    assert.deepEqual((await waitFor("a snapshot", () => again.snapshots[0])).accountIds, [sim.accounts[0]]);
  });

  test("a session ended by another process (the user CLI) drops the socket on the hub's next check", async () => {
    const ada = await loggedIn("ada", "risk password");
    const stream = openStream(ada.cookieHeader);
    await waitFor("a snapshot", () => stream.snapshots[0]);
    // As the CLI does it: straight in the store, with no word to this process.
    await fixture.store.client.user.update({ where: { name: "ada" }, data: { sessionVersion: { increment: 1 } } });
    await hub.recheckSessions();
    await waitFor("the socket dropped", () => stream.disconnected);
  });
});
