import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { LinkStatus } from "@/lib/stream";
import type { DomainEvent } from "@/server/domain/events";
import { RiskEngine } from "@/server/risk/engine";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";
import type { Logger } from "@/server/logger";
import { Collector } from "@/server/ib/collector";
import { HostileGateway, type HostileConnection, type Script } from "@/server/ib/testing/hostile-gateway";

const CLIENT_ID = 42;

/** A collector on a scripted gateway, its events, and a risk engine fed with them. */
function collectorOn(gateway: HostileGateway, logger: Logger = testLogger()) {
  const collector = new Collector(
    {
      IB_HOST: "127.0.0.1",
      IB_PORT: gateway.port,
      IB_CLIENT_ID: CLIENT_ID,
      IB_ACCOUNTS: [],
      IB_RECONNECT_MIN_MS: 100,
      IB_RECONNECT_MAX_MS: 400,
    },
    logger,
  );
  const links: LinkStatus[] = [];
  const events: DomainEvent[] = [];
  const engine = new RiskEngine({ initialLink: collector.status });
  collector.onEvent((event) => {
    events.push(event);
    if (event.type === "link") links.push(event.status);
    engine.apply(event);
  });
  return { collector, links, events, engine };
}

/** A script that completes the handshake and hands the connection to the test. */
function handing(connections: HostileConnection[], accounts = "DU1"): Script {
  return async (connection) => {
    await connection.handshake({ accounts });
    connections.push(connection);
  };
}

describe("connectivity notices from a scripted gateway", () => {
  let gateway: HostileGateway | undefined;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await gateway?.close();
  });

  test("each data farm is tracked from IB's notices; a broken farm is a warning on a ready link, not a disconnect", async () => {
    const connections: HostileConnection[] = [];
    gateway = await HostileGateway.start([handing(connections)]);
    const { collector, links, engine, events } = collectorOn(gateway);
    stop = () => collector.stop();
    collector.start();
    const [connection] = await waitFor("the session", () => connections.length > 0 && connections);
    connection!.sendError(-1, 2104, "Market data farm connection is OK:usfarm");
    connection!.sendError(-1, 2106, "HMDS data farm connection is OK:ushmds");
    connection!.sendError(-1, 2158, "Sec-def data farm connection is OK:secdefil");
    connection!.sendError(-1, 2108, "Market data farm connection is inactive but should be available upon demand.cashfarm");
    await waitFor("four farms", () => collector.status.farms.length === 4);
    assert.deepEqual(
      collector.status.farms.map(({ name, kind, state }) => [name, kind, state]),
      [["ushmds", "hmds", "ok"], ["cashfarm", "market", "inactive"], ["usfarm", "market", "ok"], ["secdefil", "secdef", "ok"]],
    );

    const before = links.length;
    connection!.sendError(-1, 2103, "Market data farm connection is broken:usfarm");
    await waitFor("usfarm broken", () => collector.status.farms.find((farm) => farm.name === "usfarm")?.state === "broken");
    assert.ok(links.slice(before).every((link) => link.state === "ready" && link.reconnectAttempt === 0), "the link stayed up");
    assert.equal(events.find((e) => e.type === "ibMessage" && e.code === 2103 && e.severity === "warning")?.type, "ibMessage");
    const broken = engine.connectivityFacts().brokenFarms;
    assert.deepEqual(broken.map(({ name, kind }) => [name, kind]), [["usfarm", "market"]]);

    connection!.sendError(-1, 2104, "Market data farm connection is OK:usfarm");
    await waitFor("usfarm OK again", () => collector.status.farms.find((farm) => farm.name === "usfarm")?.state === "ok");
    assert.deepEqual(engine.connectivityFacts().brokenFarms, []);
  });

  test("a refused client id (326) is shown and retried with backoff, always with the same id, until it is free", async () => {
    const connections: HostileConnection[] = [];
    const refuse: Script = (connection) => connection.refuseClientId();
    gateway = await HostileGateway.start([refuse, refuse, refuse, handing(connections)]);
    const { logger, lines } = capturingLogger();
    const { collector, links, engine } = collectorOn(gateway, logger);
    stop = () => collector.stop();
    collector.start();

    await waitFor("the second refusal", () => collector.status.clientIdInUse?.attempts === 2 && collector.status.clientIdInUse);
    assert.equal(collector.status.lastError?.code, 326);
    assert.ok(engine.connectivityFacts().clientIdInUseSince !== null, "an alert fact while refused");
    await waitFor("ready at last", () => collector.status.state === "ready", 10_000);

    assert.deepEqual(gateway.clientIds, [CLIENT_ID, CLIENT_ID, CLIENT_ID, CLIENT_ID], "never another id");
    assert.equal(collector.status.clientIdInUse, null, "cleared once the id is ours");
    // Each refusal's retry is scheduled further out: 100, 200, 400 ms (±20 % jitter).
    const delays = links
      .filter((link) => link.state === "disconnected" && link.clientIdInUse?.nextRetryAt)
      .map((link) => link.clientIdInUse!.nextRetryAt! - link.stateSince);
    assert.equal(delays.length, 3, `three scheduled retries: ${delays.join(", ")}`);
    for (const [index, delay] of delays.entries()) {
      const base = 100 * 2 ** index;
      assert.ok(delay >= base * 0.8 && delay <= base * 1.2, `retry ${index + 1} after ${delay} ms (base ${base})`);
    }
    assert.deepEqual(
      links.filter((link) => link.clientIdInUse).map((link) => link.clientIdInUse!.attempts).filter((n, i, all) => all.indexOf(n) === i),
      [1, 2, 3],
    );
    assert.ok(lines.some((line) => /retrying with the same id/.test(line.msg)), "the retry is logged");
  });

  test("IB's margin warning (2148) becomes a fact for the account it names", async () => {
    const connections: HostileConnection[] = [];
    gateway = await HostileGateway.start([handing(connections, "DU1,DU2")]);
    const { collector, events, engine } = collectorOn(gateway);
    stop = () => collector.stop();
    collector.start();
    const [connection] = await waitFor("the session", () => connections.length > 0 && connections);
    await waitFor("ready", () => collector.status.state === "ready");
    const text = "Account DU2: equity with loan value is near the maintenance margin requirement.";
    connection!.sendError(-1, 2148, text);
    const warning = await waitFor("the margin warning", () => events.find((event) => event.type === "marginWarning"));
    assert.deepEqual({ ...warning, at: 0 }, { type: "marginWarning", account: "DU2", message: text, at: 0 });
    assert.deepEqual(
      engine.connectivityFacts().marginWarnings.map(({ account, message }) => ({ account, message })),
      [{ account: "DU2", message: text }],
    );
    const message = events.find((event) => event.type === "ibMessage" && event.code === 2148);
    assert.equal(message?.type === "ibMessage" && message.severity, "warning");
  });
});
