import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";
import { startMonitor, type Monitor } from "@/server/monitor";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { waitFor } from "@/server/testing/wait-for";

let sim: SimGateway;
let monitor: Monitor;
const logLines: Array<{ level: number; msg: string }> = [];

before(async () => {
  sim = await startSimGateway({ port: 0, seed: 5, accounts: 2, positionsPerAccount: 3, tickMs: 0 });
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  monitor = startMonitor(
    { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: 311, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
    pino({ level: "error" }, capture),
    {
      linkRefreshMs: 50,
      // Every cushion is below 200%: the alert is raised once the hold has passed, by a tick of the timer.
      alertRules: [{ rule: "cushion", enabled: true, warning: 2, critical: 1.5, hysteresis: 0, holdSeconds: 1, scopes: ["firm"] }],
    },
  );
});

after(async () => {
  monitor.stop();
  await sim.close();
});

test("an alert listener that throws is logged; the other listeners are still told and the process lives on", async () => {
  const heard: AlertTransition[] = [];
  monitor.onAlertTransitions(() => {
    throw new Error("webhook exploded");
  });
  monitor.onAlertTransitions((transitions) => heard.push(...transitions));
  await waitFor("the cushion alert raised", () => heard.some((transition) => transition.alert.rule === "cushion"), 20_000);
  assert.ok(logLines.some((line) => /an alert listener failed/.test(line.msg)));
});
