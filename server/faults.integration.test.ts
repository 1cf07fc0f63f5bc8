/**
 * Fault tests: each of the simulator's incidents, run through its control API against a whole
 * backend (collector, engine, alerts, store). While it runs, the right alerts are raised and
 * the link says what happened; once it ends, the dashboard is back to a full, fresh picture
 * (the simulator's positions and working orders, every account's figures, no warning), the
 * alerts whose condition ended are cleared, and every episode and audit record is in the store.
 * One backend and simulator serve every case; each case ends where it started.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert, AlertRule, AlertRuleSet } from "@/lib/alerts";
import { accountScope, ALL_SCOPE } from "@/lib/scope";
import type { SnapshotBody } from "@/lib/stream";
import { CookieClient } from "@/server/auth/testing/cookie-client";
import { UserDirectory } from "@/server/auth/users";
import { startBackend, type Backend } from "@/server/backend";
import { loadConfig } from "@/server/config";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";
import { startControlServer, type ControlServer } from "@/server/sim/control-http";
import { startSimGateway, type SimGateway, type SimOrderView, type SimPosition } from "@/server/sim/gateway";
import { freePort } from "@/server/testing/free-port";
import { testLogger } from "@/server/testing/silent-logger";
import { waitFor } from "@/server/testing/wait-for";

/** Short holds so that each fault raises and clears its alert within seconds. */
const RULES: Partial<Record<AlertRule, Partial<AlertRuleSet[number]>>> = {
  linkDown: { warning: null, critical: 0.5 },
  ibServersLost: { warning: 0, critical: 60 },
  farmBroken: { warning: 0.5, critical: null },
  // A 2148 is "recent" for 2 s: long enough to see, short enough to see it clear.
  marginWarning: { warning: null, critical: 2 },
  // The seeded book's concentration and cushion drift across their thresholds with every tick: noise here.
  concentration: { enabled: false },
  cushion: { enabled: false },
};
const WORKING = new Set(["PreSubmitted", "Submitted", "PendingCancel"]);
const AUDITOR = "faultwatch";

interface CaseRecord {
  raised: Map<string, Alert>;
  cleared: Set<string>;
  logins: number;
}

describe("fault tests: every simulator incident, end to end", () => {
  let sim: SimGateway;
  let control: ControlServer;
  let backend: Backend;
  let baseUrl: string;
  let dir: string;
  /** Alert keys active before any incident: the seeded book's own. */
  let baseline: Set<string>;
  let current: CaseRecord | undefined;

  const call = async <T,>(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const response = await fetch(`http://127.0.0.1:${control.port}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: method === "GET" ? undefined : { "content-type": "application/json" },
    });
    return { status: response.status, json: (await response.json()) as T };
  };
  const incident = async (body: Record<string, unknown>) => {
    const answer = await call<{ id: number; error?: string }>("POST", "/incident", body);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    return answer.json;
  };
  const running = async () => (await call<{ running: unknown[] }>("GET", "/incidents")).json.running.length;
  const snapshot = (): SnapshotBody => backend.monitor.publication.snapshot({ scope: ALL_SCOPE, positions: true, exposure: false, orders: true });
  const link = () => snapshot().link;
  const active = () => backend.monitor.publication.activeAlerts();
  const activeOf = (rule: AlertRule, scope?: string) => active().filter((alert) => alert.rule === rule && (scope === undefined || alert.scope === scope));

  /** A login while the incident runs: an audit record written in the middle of it. */
  async function loginDuring(): Promise<void> {
    const client = new CookieClient(baseUrl);
    assert.equal((await client.login(AUDITOR, `${AUDITOR} password`)).status, 200);
    current!.logins++;
  }

  async function positionsMatch(): Promise<boolean> {
    const { positions } = (await call<{ positions: SimPosition[] }>("GET", "/positions")).json;
    const ours = snapshot().positions.map((p) => `${p.account}|${p.conId}|${p.position}`).sort();
    return JSON.stringify(ours) === JSON.stringify(positions.map((p) => `${p.account}|${p.conId}|${p.position}`).sort());
  }

  async function ordersMatch(): Promise<boolean> {
    const { orders } = (await call<{ orders: SimOrderView[] }>("GET", "/orders")).json;
    const theirs = orders.filter((order) => WORKING.has(order.status)).map((order) => order.permId).sort();
    const ours = [...new Set(backend.monitor.workingOrders().map((order) => order.permId))].sort();
    return JSON.stringify(ours) === JSON.stringify(theirs);
  }

  /** What the desk must show once an incident is over: the whole picture, fresh, as the simulator has it. */
  async function backToFullPicture(lasting: readonly AlertRule[] = []): Promise<void> {
    await waitFor("no incident running", async () => (await running()) === 0, 20_000);
    await waitFor(
      "the link ready, without warnings",
      () => {
        const { state, warnings, silent, ibServersLost, pendingRequests, farms } = link();
        return state === "ready" && warnings.length === 0 && !silent && !ibServersLost && pendingRequests === 0 && farms.every((farm) => farm.state === "ok");
      },
      20_000,
    );
    await waitFor(
      "every account's figures present and fresh",
      () => {
        const { accounts } = snapshot();
        return (
          sim.accounts.every((id) => accounts.some((account) => account.accountId === id)) &&
          accounts.every(({ figures }) => figures.netLiquidation?.value != null && figures.maintMargin?.value != null && Object.values(figures).every((figure) => !figure.stale))
        );
      },
      20_000,
    );
    await waitFor("positions as the simulator's", positionsMatch, 20_000);
    await waitFor("working orders as the simulator's", ordersMatch, 20_000);
    // The seeded book's own alerts (the baseline) may come and go with the prices; nothing else may stay.
    const leftOver = () => active().filter((alert) => !baseline.has(alert.key) && !lasting.includes(alert.rule));
    await waitFor("the incident's alerts cleared", () => leftOver().length === 0, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}: still active ${leftOver().map((alert) => alert.key).join(", ")}`);
    });
  }

  /** Nothing lost: each episode raised in the case is stored (cleared when it cleared), each audit record written. */
  async function storeHoldsEverything(record: CaseRecord, since: Date): Promise<void> {
    const ids = [...record.raised.keys()];
    await waitFor(
      "every episode stored, the cleared ones with their clearing",
      async () => {
        const rows = await backend.store.client.alert.findMany({ where: { alertId: { in: ids } } });
        return rows.length === ids.length && rows.every((row) => (row.clearedAt !== null) === record.cleared.has(row.alertId)) ? rows : undefined;
      },
      10_000,
    );
    const logins = await backend.store.client.auditRecord.count({ where: { actor: AUDITOR, action: "login", at: { gte: since } } });
    assert.equal(logins, record.logins, "every login made during the incident is audited");
  }

  /**
   * Runs one incident case: `during` sees it running, then the desk must come back whole. The
   * alerts of `lasting` rules may stay: their condition outlives the incident (a loss after a shock).
   */
  async function faultCase(during: () => Promise<void>, lasting: readonly AlertRule[] = []): Promise<CaseRecord> {
    await backToFullPicture();
    const since = new Date();
    const record: CaseRecord = { raised: new Map(), cleared: new Set(), logins: 0 };
    current = record;
    await during();
    await backToFullPicture(lasting);
    for (const alert of record.raised.values()) {
      if (!baseline.has(alert.key) && !lasting.includes(alert.rule)) assert.ok(record.cleared.has(alert.id), `${alert.id} (${alert.rule}) cleared`);
    }
    await storeHoldsEverything(record, since);
    current = undefined;
    return record;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-faults-"));
    const rulesFile = join(dir, "rules.json");
    await writeFile(rulesFile, JSON.stringify(Object.entries(RULES).map(([rule, settings]) => ({ rule, ...settings }))));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sim = await startSimGateway({ port: 0, seed: 19, accounts: 3, tickMs: 250 });
    control = await startControlServer(sim, 0);
    const config = loadConfig({
      PORT: String(port),
      IB_HOST: sim.host,
      IB_PORT: String(sim.port),
      IB_CLIENT_ID: "909",
      IB_RECONNECT_MIN_MS: "100",
      IB_RECONNECT_MAX_MS: "1000",
      SQLITE_PATH: join(dir, "riskdesk.db"),
      SESSION_SECRET: "a test secret that is long enough for iron-session",
      LOG_LEVEL: "silent",
      // P&L arrives every tick (250 ms): 2 s without it is a feed gone quiet, and staleFigures says so.
      RISK_STALE_PNL_S: "2",
      ALERT_RULES_FILE: rulesFile,
    });
    backend = await startBackend(config, testLogger(), {
      users: true,
      timings: {
        monitor: { linkRefreshMs: 100, collector: { heartbeatAfterMs: 500, probeTimeoutMs: 500, handshakeTimeoutMs: 1000 } },
        writes: { flushIntervalMs: 50 },
      },
    });
    backend.server.listen(port, "127.0.0.1");
    await once(backend.server, "listening");
    await new UserDirectory(backend.store.client).add(AUDITOR, "riskManager", `${AUDITOR} password`);
    backend.monitor.onAlertTransitions((transitions: readonly AlertTransition[]) => {
      if (!current) return;
      for (const transition of transitions) {
        const { change, alert } = transition;
        if (change === "cleared") current.cleared.add(alert.id);
        else current.raised.set(alert.id, alert);
      }
    });
    await waitFor("ready with every account", () => link().state === "ready" && snapshot().accounts.length === sim.accounts.length, 20_000);
    // Let the seeded book settle (its own alerts, if any) before taking the baseline.
    await waitFor("positions as the simulator's", positionsMatch, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // baseline: whatever the book raises at rest
    baseline = new Set(active().map((alert) => alert.key));
  });

  after(async () => {
    await control?.close();
    await backend?.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("margin squeeze: marginUtilisation and excessLiquidity critical on the squeezed account only", async () => {
    const account = sim.accounts[1]!;
    await faultCase(async () => {
      await incident({ kind: "margin-squeeze", account, severity: 1.1, rampSeconds: 0.5, holdSeconds: 2, recoverSeconds: 0.5 });
      await waitFor(
        "both critical",
        () => activeOf("marginUtilisation", accountScope(account)).some((a) => a.level === "critical") && activeOf("excessLiquidity", accountScope(account)).some((a) => a.level === "critical"),
        10_000,
      );
      for (const other of sim.accounts.filter((id) => id !== account)) {
        assert.deepEqual(activeOf("excessLiquidity", accountScope(other)), [], `${other} is not squeezed`);
      }
      await loginDuring();
    });
  });

  for (const data of ["lost", "kept"] as const) {
    test(`connectivity loss, data ${data} (1100 then ${data === "lost" ? 1101 : 1102}): ibServersLost, broken farms and stale figures while it lasts`, async () => {
      const startedAt = Date.now();
      await faultCase(async () => {
        await incident({ kind: "connectivity-loss", downSeconds: 4, data });
        await waitFor("IB's servers lost", () => link().ibServersLost && activeOf("ibServersLost").length > 0, 10_000);
        assert.equal(link().state, "ready", "our own socket stays up");
        assert.ok(link().farms.some((farm) => farm.state === "broken"));
        await loginDuring();
        await waitFor("the figures stale: IB sends nothing meanwhile", () => activeOf("staleFigures", ALL_SCOPE).length > 0, 10_000);
      });
      if (data === "lost") {
        const report = link().lastReconcile;
        assert.equal(report?.after, "restored");
        assert.ok(report.at >= startedAt);
      }
    });
  }

  test("farm outage: farmBroken per farm while broken; the link stays ready", async () => {
    const record = await faultCase(async () => {
      await incident({ kind: "farm-outage", farms: ["usfarm", "ushmds"], downSeconds: 2 });
      await waitFor("farmBroken for both", () => activeOf("farmBroken").length === 2, 10_000);
      assert.equal(link().state, "ready");
      assert.deepEqual(link().farms.filter((farm) => farm.state === "broken").map((farm) => farm.name).sort(), ["usfarm", "ushmds"]);
      await loginDuring();
    });
    assert.deepEqual([...record.raised.values()].filter((a) => a.rule === "farmBroken").map((a) => a.subject).sort(), ["usfarm", "ushmds"]);
  });

  test("socket drop: the link goes down and comes back reconciled", async () => {
    const before = link().stateSince;
    const droppedAt = Date.now();
    await faultCase(async () => {
      await incident({ kind: "socket-drop" });
      await waitFor("a new session", () => link().stateSince > before && link().lastReconcile?.after === "reconnect" && link().lastReconcile!.at >= droppedAt, 10_000);
      await loginDuring();
    });
  });

  test("daily restart: connections refused; linkDown and stale figures while down, then reconnected and reconciled", async () => {
    const droppedAt = Date.now();
    await faultCase(async () => {
      await incident({ kind: "daily-restart", downSeconds: 3.5 });
      await waitFor("linkDown", () => link().state !== "ready" && link().downSince !== null && activeOf("linkDown").length > 0, 10_000);
      await loginDuring();
      await waitFor("the figures stale", () => activeOf("staleFigures", ALL_SCOPE).length > 0, 10_000);
      assert.notEqual(link().state, "ready", "still refused");
    });
    assert.ok(link().lastReconcile!.at >= droppedAt);
  });

  test("half-open socket: the silent gateway is found out by the heartbeat, linkDown and staleFigures raised, then reconnected", async () => {
    await faultCase(async () => {
      await incident({ kind: "half-open", seconds: 4 });
      await waitFor("the silence noticed", () => link().state !== "ready" && activeOf("linkDown").length > 0, 10_000);
      assert.match(link().lastError?.message ?? "", /heartbeat|handshake|answer/i);
      await loginDuring();
      await waitFor("the figures stale", () => activeOf("staleFigures", ALL_SCOPE).length > 0, 10_000);
    });
  });

  test("2148 margin warning: a critical marginWarning on the named account, cleared when it is no longer recent", async () => {
    const account = sim.accounts[2]!;
    await faultCase(async () => {
      await incident({ kind: "margin-warning", account });
      await waitFor("marginWarning", () => activeOf("marginWarning", accountScope(account)).length === 1, 10_000);
      assert.equal(activeOf("marginWarning").length, 1, "only the named account");
      await loginDuring();
    });
  });

  test("order burst: working orders fill, leave the blotter, and the positions move as the simulator's", async () => {
    const account = sim.accounts.find((id) => sim.orders().some((order) => order.account === id && WORKING.has(order.status)))!;
    const working = backend.monitor.workingOrders().length;
    const positionsBefore = JSON.stringify(sim.positions(account));
    await faultCase(async () => {
      await incident({ kind: "order-burst", account, count: 2, intervalMs: 50 });
      await loginDuring();
    });
    assert.equal(backend.monitor.workingOrders().length, working - 2, "two orders left the blotter");
    assert.notEqual(JSON.stringify(sim.positions(account)), positionsBefore);
  });
  // Last: its losses are real and outlive it, so it leaves the book changed for any case after it.
  test("price shock: loss alerts raised and kept while the loss lasts; the rest of the picture full and fresh", async () => {
    const record = await faultCase(async () => {
      await incident({ kind: "price-shock", percent: -12 });
      await waitFor("a daily-loss alert", () => activeOf("dailyLossPct").length > 0 && activeOf("drawdownPct").length > 0, 10_000);
      await loginDuring();
    }, ["dailyLossPct", "drawdownPct", "marginUtilisation", "excessLiquidity", "excessLiquidityPct"]);
    assert.ok([...record.raised.values()].some((alert) => alert.rule === "dailyLossPct" && alert.scope === ALL_SCOPE), "a firm-wide daily loss");
  });
});
