import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALERT_RULES_PATH, alertRulesBodySchema } from "@/lib/alert-rules";
import type { Alert, AlertRuleSet } from "@/lib/alerts";
import { accountScope } from "@/lib/scope";
import { CookieClient } from "@/server/auth/testing/cookie-client";
import { UserDirectory } from "@/server/auth/users";
import { startBackend, type Backend } from "@/server/backend";
import { loadConfig } from "@/server/config";
import type { WebhookEvent } from "@/server/notify/webhook";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { testLogger } from "@/server/testing/silent-logger";
import { freePort } from "@/server/testing/free-port";
import { waitFor } from "@/server/testing/wait-for";
import { ALERT_RULES_SETTING } from "./stored-alert-rules";
import { CLOSED_BY_RESTART } from "./episodes-left-open";

/** Far above any net liquidation of the simulation: margin utilisation goes critical. */
const SQUEEZED_MAINT_MARGIN = 1e12;

const ruleOf = (rules: AlertRuleSet, rule: string) => rules.find((settings) => settings.rule === rule)!;

describe("alerts across a restart: the admin's rules are kept, episodes left open are closed", () => {
  let sim: SimGateway;
  let dir: string;
  let squeezed: string;
  let backend: Backend | undefined;
  let port: number;
  let webhookServer: Server;
  const hooks: WebhookEvent[] = [];

  /** A backend on the one store file, with ALERT_RULES_FILE, as a restart would start it. */
  async function start(logger = testLogger()): Promise<Backend> {
    const config = loadConfig({
      PORT: String(port),
      IB_HOST: sim.host,
      IB_PORT: String(sim.port),
      IB_CLIENT_ID: "305",
      SQLITE_PATH: join(dir, "riskdesk.db"),
      SESSION_SECRET: "a test secret that is long enough for iron-session",
      LOG_LEVEL: "silent",
      ALERT_RULES_FILE: join(dir, "rules.json"),
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}/hook`,
      ALERT_WEBHOOK_SECRET: "the webhook's shared secret",
    });
    const started = await startBackend(config, logger, { users: true });
    started.server.listen(port, "127.0.0.1");
    await once(started.server, "listening");
    return started;
  }

  const criticalMargin = (alert: Alert) => alert.rule === "marginUtilisation" && alert.scope === accountScope(squeezed) && alert.level === "critical";
  const activeMarginAlert = (running: Backend) => running.monitor.publication.activeAlerts().find(criticalMargin);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-alert-restart-"));
    // The file sets two rules; the admin will change one of them in the page.
    await writeFile(join(dir, "rules.json"), JSON.stringify([{ rule: "cushion", warning: 0.3 }, { rule: "drawdownPct", warning: 0.04 }]));
    webhookServer = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        hooks.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as WebhookEvent);
        response.writeHead(204).end();
      });
    });
    webhookServer.listen(0, "127.0.0.1");
    await once(webhookServer, "listening");
    sim = await startSimGateway({ port: 0, seed: 11, accounts: 2, tickMs: 200 });
    squeezed = sim.accounts[0]!;
    port = await freePort();
  });

  after(async () => {
    await backend?.close();
    await sim?.close();
    webhookServer?.closeAllConnections();
    webhookServer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("rules an admin saved survive a restart over the file's; an open episode is closed at start-up and a new one raised", async () => {
    backend = await start();
    await new UserDirectory(backend.store.client).add("max", "admin", "max password");
    const max = new CookieClient(`http://127.0.0.1:${port}`);
    assert.equal((await max.login("max", "max password")).status, 200);
    const before = alertRulesBodySchema.parse(await (await max.request("GET", ALERT_RULES_PATH)).json()).rules;
    assert.equal(ruleOf(before, "cushion").warning, 0.3, "the file's rule is over the default");
    const cushion = { ...ruleOf(before, "cushion"), warning: 0.2 };
    const put = await max.request("PUT", ALERT_RULES_PATH, {
      body: JSON.stringify({ rules: [cushion] }),
      headers: { "content-type": "application/json", "x-csrf-token": max.csrfToken },
    });
    assert.equal(put.status, 200);
    // Stored before the admin was answered.
    const stored = await backend.store.client.setting.findUniqueOrThrow({ where: { key: ALERT_RULES_SETTING } });
    assert.deepEqual(JSON.parse(stored.value), [cushion]);
    assert.equal(stored.updatedBy, "max");

    sim.overrideAccountValue(squeezed, "MaintMarginReq", SQUEEZED_MAINT_MARGIN);
    const first = await waitFor("the critical margin alert", () => activeMarginAlert(backend!), 20_000);
    const firstRow = await waitFor("its row", () => backend!.store.client.alert.findUnique({ where: { alertId: first.id } }).then((row) => row ?? undefined), 10_000);
    assert.equal(firstRow.clearedAt, null);
    await backend.close();
    backend = undefined;

    const restartedAt = Date.now();
    backend = await start();
    const closed = await backend.store.client.alert.findUniqueOrThrow({ where: { alertId: first.id } });
    assert.ok(closed.clearedAt && closed.clearedAt.getTime() >= restartedAt - 1000, "cleared at the new start");
    assert.ok(closed.message.endsWith(CLOSED_BY_RESTART), closed.message);
    const cleared = await waitFor("the webhook's clear of the closed episode", () => hooks.find((hook) => hook.type === "alert.cleared" && hook.alert.id === first.id), 10_000);
    assert.ok(cleared.alert.message.endsWith(CLOSED_BY_RESTART));

    const rules = backend.monitor.alertRules();
    assert.equal(ruleOf(rules, "cushion").warning, 0.2, "the admin's edit is over the file");
    assert.equal(ruleOf(rules, "drawdownPct").warning, 0.04, "a rule the admin left alone follows the file");

    const second = await waitFor("a new episode of the condition that still holds", () => activeMarginAlert(backend!), 20_000);
    assert.notEqual(second.id, first.id);
    const secondRow = await waitFor("the new episode's row", () => backend!.store.client.alert.findUnique({ where: { alertId: second.id } }).then((row) => row ?? undefined), 10_000);
    assert.equal(secondRow.clearedAt, null);
  });

  test("a stored rule that no longer validates is logged and ignored; the other stored edits still apply", async () => {
    const drawdown = { ...ruleOf(backend!.monitor.alertRules(), "drawdownPct"), warning: 0.05 };
    await backend!.store.client.setting.update({
      where: { key: ALERT_RULES_SETTING },
      data: { value: JSON.stringify([{ rule: "cushion", enabled: true, warning: "high" }, drawdown]) },
    });
    await backend!.close();
    backend = undefined;
    const { logger, warnings } = capturingLogger();
    backend = await start(logger);
    const rules = backend.monitor.alertRules();
    assert.equal(ruleOf(rules, "cushion").warning, 0.3, "back to the file's rule");
    assert.equal(ruleOf(rules, "drawdownPct").warning, 0.05, "the valid stored edit applies");
    assert.ok(warnings().some((line) => /no longer validates/.test(line.msg) && line.index === 0), JSON.stringify(warnings()));
  });
});
