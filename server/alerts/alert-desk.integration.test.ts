import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as connectClient, type Socket } from "socket.io-client";
import { ALERT_HISTORY_PATH, alertHistoryResponseSchema } from "@/lib/alert-history";
import { ALERT_RULES_PATH, alertRulesBodySchema } from "@/lib/alert-rules";
import type { Alert, AlertRuleSet } from "@/lib/alerts";
import { accountScope } from "@/lib/scope";
import {
  alertAcknowledgeReplySchema,
  decodeMessage,
  deltaSchema,
  snapshotSchema,
  STREAM_EVENTS,
  type AlertAcknowledgeReply,
  type ServerToClientEvents,
  type UncheckedClientEvents,
} from "@/lib/stream";
import { CookieClient } from "@/server/auth/testing/cookie-client";
import { parseGrant, UserDirectory } from "@/server/auth/users";
import { startBackend, type Backend } from "@/server/backend";
import { loadConfig } from "@/server/config";
import { signature, SIGNATURE_HEADER, type WebhookEvent } from "@/server/notify/webhook";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { testLogger } from "@/server/testing/silent-logger";
import { freePort } from "@/server/testing/free-port";
import { waitFor } from "@/server/testing/wait-for";

type Client = Socket<ServerToClientEvents, UncheckedClientEvents>;

const WEBHOOK_SECRET = "the webhook's shared secret";
/** Far above any net liquidation of the simulation: margin utilisation goes critical. */
const SQUEEZED_MAINT_MARGIN = 1e12;

/** The alerts a socket was sent, kept up to date from its snapshots and deltas. */
function alertsOf(socket: Client): Map<string, Alert> {
  const alerts = new Map<string, Alert>();
  socket.on(STREAM_EVENTS.snapshot, (seq, body, done) => {
    alerts.clear();
    for (const alert of snapshotSchema.parse(decodeMessage(seq, body)).alerts) alerts.set(alert.id, alert);
    done();
  });
  socket.on(STREAM_EVENTS.delta, (seq, body, done) => {
    const delta = deltaSchema.parse(decodeMessage(seq, body));
    for (const alert of delta.alerts ?? []) alerts.set(alert.id, alert);
    for (const id of delta.clearedAlerts ?? []) alerts.delete(id);
    done();
  });
  return alerts;
}

describe("alerts on the desk: stream, acknowledgement, history, rules, webhook", () => {
  let sim: SimGateway;
  let backend: Backend;
  let baseUrl: string;
  let dir: string;
  let webhookServer: Server;
  let squeezed: string;
  let otherSqueezed: string;
  const hooks: Array<{ body: string; signature: string | undefined }> = [];
  const sockets: Client[] = [];

  async function loggedIn(name: string): Promise<CookieClient> {
    const client = new CookieClient(baseUrl);
    assert.equal((await client.login(name, `${name} password`)).status, 200);
    return client;
  }

  async function stream(name: string) {
    const client = await loggedIn(name);
    const socket: Client = connectClient(baseUrl, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: client.cookieHeader, origin: baseUrl } });
    sockets.push(socket);
    const alerts = alertsOf(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const acknowledge = async (payload: unknown): Promise<AlertAcknowledgeReply> =>
      alertAcknowledgeReplySchema.parse(await socket.timeout(10_000).emitWithAck(STREAM_EVENTS.acknowledgeAlert, payload));
    return { client, socket, alerts, acknowledge };
  }

  const criticalMarginAlert = (account: string) => (alert: Alert) => alert.rule === "marginUtilisation" && alert.scope === accountScope(account) && alert.level === "critical";
  const activeAlert = (account: string) => backend.monitor.publication.activeAlerts().find(criticalMarginAlert(account));
  const auditRecords = (actor: string, action: string) => backend.store.client.auditRecord.findMany({ where: { actor, action }, orderBy: { id: "asc" } });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-alerts-"));
    webhookServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        hooks.push({ body: Buffer.concat(chunks).toString("utf8"), signature: request.headers[SIGNATURE_HEADER] as string | undefined });
        response.writeHead(204).end();
      });
    });
    webhookServer.listen(0, "127.0.0.1");
    await once(webhookServer, "listening");
    sim = await startSimGateway({ port: 0, seed: 11, accounts: 3, tickMs: 200 });
    [squeezed, otherSqueezed] = [sim.accounts[0]!, sim.accounts[1]!];
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PORT: String(port),
      IB_HOST: sim.host,
      IB_PORT: String(sim.port),
      IB_CLIENT_ID: "303",
      SQLITE_PATH: join(dir, "riskdesk.db"),
      SESSION_SECRET: "a test secret that is long enough for iron-session",
      LOG_LEVEL: "silent",
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/hook`,
      ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    backend = await startBackend(config, testLogger(), { users: true });
    backend.server.listen(port, "127.0.0.1");
    await once(backend.server, "listening");
    const users = new UserDirectory(backend.store.client);
    await users.add("vic", "viewer", "vic password");
    await users.grant("vic", parseGrant(`account:${otherSqueezed}`));
    await users.add("rita", "riskManager", "rita password");
    await users.grant("rita", parseGrant(`account:${squeezed}`));
    await users.add("ada", "riskManager", "ada password");
    await users.add("max", "admin", "max password");
    // Floods from a user of its own, so the other tests' requests do not count in its window.
    await users.add("flo", "viewer", "flo password");
    await waitFor("the accounts' figures", () => backend.monitor.publication.snapshot({ scope: "all", positions: false, exposure: false }).accounts.length === 3, 20_000);
    sim.overrideAccountValue(squeezed, "MaintMarginReq", SQUEEZED_MAINT_MARGIN);
    sim.overrideAccountValue(otherSqueezed, "MaintMarginReq", SQUEEZED_MAINT_MARGIN);
    await waitFor("both critical margin alerts", () => activeAlert(squeezed) && activeAlert(otherSqueezed), 20_000);
  });

  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await backend?.close();
    await sim?.close();
    webhookServer?.closeAllConnections();
    webhookServer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("a limited user's stream carries the alerts of its accounts only", async () => {
    const vic = await stream("vic");
    await waitFor("vic's alert", () => [...vic.alerts.values()].find(criticalMarginAlert(otherSqueezed)), 10_000);
    for (const alert of vic.alerts.values()) assert.equal(alert.scope, accountScope(otherSqueezed), `vic must not see ${alert.id}`);
    const ada = await stream("ada");
    await waitFor("ada sees both", () => [...ada.alerts.values()].filter((alert) => criticalMarginAlert(squeezed)(alert) || criticalMarginAlert(otherSqueezed)(alert)).length === 2, 10_000);
  });

  test("a viewer's forged acknowledgement is refused and audited as refused", async () => {
    const vic = await stream("vic");
    const target = activeAlert(otherSqueezed)!;
    const answer = await vic.acknowledge({ id: target.id, note: "not mine to do" });
    assert.deepEqual(answer, { ok: false, error: "viewers cannot acknowledge alerts: ask a risk manager or an admin" });
    assert.equal(activeAlert(otherSqueezed)!.acknowledged, null);
    const [record] = await auditRecords("vic", "alert.acknowledged");
    assert.equal(record?.outcome, "refused");
    assert.equal(JSON.parse(record!.details).alert, target.id);
    assert.deepEqual(await vic.acknowledge("garbage"), { ok: false, error: "a malformed acknowledgement: it needs an alert id and at most a 500-character note" });
  });

  test("a user that floods acknowledgements, from however many sockets, is refused without an audit record for each", async () => {
    // A fourth socket, opened beforehand so the window has not ended when it asks.
    const [fresh, ...floods] = await Promise.all([0, 1, 2, 3].map(() => stream("flo")));
    const before = (await auditRecords("flo", "alert.acknowledged")).length;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => floods[i % floods.length]!.acknowledge({ id: "flood" })));
    assert.equal(answers.filter((answer) => !answer.ok && answer.error.startsWith("too many")).length, 10, "the user's sockets share one window");
    assert.equal((await auditRecords("flo", "alert.acknowledged")).length - before, 20);
    const late = await fresh!.acknowledge({ id: "flood" });
    assert.ok(!late.ok && late.error.startsWith("too many"), "a new socket buys no more acknowledgements");
  });

  test("a risk manager cannot acknowledge an alert outside its grants", async () => {
    const rita = await stream("rita");
    const answer = await rita.acknowledge({ id: activeAlert(otherSqueezed)!.id });
    assert.deepEqual(answer, { ok: false, error: "this alert is about accounts you are not granted" });
    assert.equal(activeAlert(otherSqueezed)!.acknowledged, null);
    assert.equal((await auditRecords("rita", "alert.acknowledged")).at(-1)?.outcome, "refused");
  });

  test("a risk manager's acknowledgement reaches the engine, the stream, the store and the audit log", async () => {
    const rita = await stream("rita");
    const target = activeAlert(squeezed)!;
    assert.deepEqual(await rita.acknowledge({ id: target.id, note: "  client wiring funds  " }), { ok: true });
    assert.deepEqual(
      { by: activeAlert(squeezed)!.acknowledged?.by, note: activeAlert(squeezed)!.acknowledged?.note },
      { by: "rita", note: "client wiring funds" },
    );
    await waitFor("the acknowledgement in rita's stream", () => rita.alerts.get(target.id)?.acknowledged?.by === "rita", 10_000);
    const row = await waitFor("the acknowledgement in the store", async () => {
      const stored = await backend.store.client.alert.findUnique({ where: { alertId: target.id } });
      return stored?.acknowledgedBy ? stored : undefined;
    }, 10_000);
    assert.deepEqual([row.acknowledgedBy, row.note, row.level], ["rita", "client wiring funds", "critical"]);
    const record = (await auditRecords("rita", "alert.acknowledged")).at(-1)!;
    assert.equal(record.outcome, "ok");
    assert.equal(record.address, "127.0.0.1");
    assert.deepEqual(JSON.parse(record.details), { alert: target.id, rule: "marginUtilisation", scope: accountScope(squeezed), level: "critical", at: activeAlert(squeezed)!.acknowledged!.at, note: "client wiring funds" });
    assert.deepEqual(await rita.acknowledge({ id: target.id }), { ok: false, error: "already acknowledged by rita" });
  });

  test("the alert history route answers within the reader's grants and filters", async () => {
    await waitFor("both alerts stored", async () => (await backend.store.client.alert.count({ where: { rule: "marginUtilisation", level: "critical" } })) >= 2, 10_000);
    const vic = await loggedIn("vic");
    const mine = alertHistoryResponseSchema.parse(await (await vic.request("GET", ALERT_HISTORY_PATH)).json());
    assert.ok(mine.alerts.some(criticalMarginAlert(otherSqueezed)));
    for (const alert of mine.alerts) assert.equal(alert.scope, accountScope(otherSqueezed));
    assert.equal((await vic.request("GET", `${ALERT_HISTORY_PATH}?scope=${accountScope(squeezed)}`)).status, 403);
    assert.equal((await vic.request("GET", `${ALERT_HISTORY_PATH}?scope=all`)).status, 403);

    const ada = await loggedIn("ada");
    const filtered = alertHistoryResponseSchema.parse(
      await (await ada.request("GET", `${ALERT_HISTORY_PATH}?rule=marginUtilisation&level=critical&scope=${accountScope(squeezed)}&from=${Date.now() - 600_000}`)).json(),
    );
    assert.deepEqual(filtered.alerts.map((alert) => [alert.scope, alert.acknowledged?.by]), [[accountScope(squeezed), "rita"]]);
    const later = await (await ada.request("GET", `${ALERT_HISTORY_PATH}?from=${Date.now() + 60_000}`)).json();
    assert.deepEqual(later, { alerts: [], truncated: false });
    const bad = await ada.request("GET", `${ALERT_HISTORY_PATH}?level=loud`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /level/);
  });

  test("every user reads the rules; only an admin changes them, with the CSRF token from RiskDesk's origin, audited with before and after", async () => {
    const vic = await loggedIn("vic");
    const read = alertRulesBodySchema.parse(await (await vic.request("GET", ALERT_RULES_PATH)).json()).rules;
    const margin = read.find((settings) => settings.rule === "marginUtilisation")!;
    const changed: AlertRuleSet = [{ ...margin, warning: 0.6, critical: 0.9 }];
    const put = (client: CookieClient, body: unknown, headers: Record<string, string> = {}) =>
      client.request("PUT", ALERT_RULES_PATH, { body: JSON.stringify(body), headers: { "content-type": "application/json", "x-csrf-token": client.csrfToken, ...headers } });

    assert.equal((await put(vic, { rules: changed })).status, 403);
    assert.equal((await auditRecords("vic", "alertRules.changed")).at(-1)?.outcome, "refused");
    const max = await loggedIn("max");
    assert.equal((await put(max, { rules: changed }, { "x-csrf-token": "forged" })).status, 403);
    const elsewhere = new CookieClient(baseUrl, "http://evil.example");
    elsewhere.cookies.set(...([...max.cookies][0] as [string, string]));
    elsewhere.csrfToken = max.csrfToken;
    assert.equal((await put(elsewhere, { rules: changed })).status, 403);
    const inverted = await put(max, { rules: [{ ...margin, warning: 0.9, critical: 0.6 }] });
    assert.equal(inverted.status, 400);
    assert.match(((await inverted.json()) as { error: string }).error, /critical/);
    assert.equal((await put(max, { rules: [{ ...margin, warning: "high" }] })).status, 400);
    assert.equal((await put(max, { rules: [margin, margin] })).status, 400);
    assert.deepEqual(backend.monitor.alertRules().find((settings) => settings.rule === "marginUtilisation"), margin, "nothing changed so far");

    const accepted = await put(max, { rules: changed });
    assert.equal(accepted.status, 200);
    const after = alertRulesBodySchema.parse(await accepted.json()).rules;
    assert.deepEqual(after.find((settings) => settings.rule === "marginUtilisation"), changed[0]);
    assert.deepEqual(backend.monitor.alertRules(), after);
    assert.equal(after.length, read.length, "the rules not sent stay");
    const record = (await auditRecords("max", "alertRules.changed")).at(-1)!;
    assert.equal(record.outcome, "ok");
    assert.deepEqual(JSON.parse(record.details), { before: read, after: changed });
  });

  test("every raise is posted to the webhook, signed with the shared secret", async () => {
    const raised = await waitFor("the webhook's raise", () => hooks.find((hook) => {
      const event = JSON.parse(hook.body) as WebhookEvent;
      return event.type === "alert.raised" && criticalMarginAlert(squeezed)({ ...event.alert, level: "critical" }) && event.alert.rule === "marginUtilisation";
    }), 10_000);
    assert.equal(raised.signature, signature(raised.body, WEBHOOK_SECRET));
  });
});
