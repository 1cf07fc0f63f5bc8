/**
 * The fan-out check: the simulator at 500 accounts × 40 positions in a process of its own,
 * RiskDesk's backend (monitor and stream hub on an HTTP server) in this one, and 200
 * Socket.IO clients as browsers in a third, so that the CPU, memory and event-loop delay
 * measured here are the server's alone.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ALL_SCOPE } from "@/lib/scope";
import { createLogger } from "@/server/logger";
import { startMonitor } from "@/server/monitor";
import { attachStreamHub } from "@/server/realtime/hub";
import { waitFor } from "@/server/testing/wait-for";
import type { ClientPlan, ClientReport } from "./fanout-clients";
import { row } from "./report";

const ACCOUNTS = 500;
const POSITIONS_PER_ACCOUNT = 40;
const OVERVIEW_CLIENTS = 180;
const GRID_CLIENTS = 20;
/**
 * IB's 50 requests a second would take minutes to subscribe 20,000 P&L singles: the
 * simulator's limit and RiskDesk's pacer are lifted together, as in the scale test.
 */
const REQUESTS_PER_SECOND = 2000;
const MEASURE_MS = 20_000;
/** IB sends account-summary changes every 3 minutes; P&L moves every second. */
const IB_SUMMARY_CADENCE_MS = 180_000;

const TARGETS = { allSnapshotsMs: 10_000, linkDrops: 0, overviewBytesPerSecond: 20 * 1024 };

const root = fileURLToPath(new URL("..", import.meta.url));

async function startSimulator(): Promise<{ child: ChildProcess; port: number }> {
  const args = ["--import", "tsx", "server/sim/cli.ts", "--port", "0", "--accounts", String(ACCOUNTS), "--positions", String(POSITIONS_PER_ACCOUNT), "--max-rate", String(REQUESTS_PER_SECOND * 2), "--tick-ms", "1000", "--summary-ms", String(IB_SUMMARY_CADENCE_MS)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const port = /listening on .*:(\d+)$/.exec(line)?.[1];
    if (port) return { child, port: Number(port) };
  }
  throw new Error("the simulator exited before listening");
}

async function runClients(plan: ClientPlan): Promise<ClientReport> {
  const child = fork(fileURLToPath(new URL("./fanout-clients.ts", import.meta.url)), { execArgv: ["--import", "tsx"], cwd: root });
  child.send(plan);
  const [report] = (await once(child, "message")) as [ClientReport];
  return report;
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN;

export async function runFanout(): Promise<void> {
  console.log(`\nFan-out: ${OVERVIEW_CLIENTS} overview + ${GRID_CLIENTS} positions-grid clients, simulator at ${ACCOUNTS} × ${POSITIONS_PER_ACCOUNT}`);
  const sim = await startSimulator();
  const logger = createLogger(process.env.LOG_LEVEL ?? "silent");
  const monitor = startMonitor(
    { IB_HOST: "127.0.0.1", IB_PORT: sim.port, IB_CLIENT_ID: 901, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 500, IB_RECONNECT_MAX_MS: 2000 },
    logger,
    { collector: { maxRequestsPerSecond: REQUESTS_PER_SECOND } },
  );
  let linkDrops = 0;
  let wasReady = false;
  monitor.collector.onEvent((event) => {
    if (event.type !== "link") return;
    const ready = event.status.state === "ready";
    if (wasReady && !ready) linkDrops += 1;
    wasReady = ready;
  });
  const server = createServer();
  const hub = attachStreamHub(server, monitor.publication, logger);
  try {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const subscribeStarted = performance.now();
    await waitFor("every subscription sent", () => monitor.collector.status.state === "ready" && monitor.collector.status.pendingRequests === 0 && monitor.collector.status.lastMessageAt !== null, 180_000, 200);
    // The last P&L singles are answered within a tick of being sent.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`  book subscribed in ${((performance.now() - subscribeStarted) / 1000).toFixed(1)} s`);
    const dropsBefore = linkDrops;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const report = await runClients({
      url,
      measureMs: MEASURE_MS,
      kinds: [
        { name: "overview", count: OVERVIEW_CLIENTS, view: { scope: ALL_SCOPE, positions: false, exposure: false } },
        { name: "positions grid", count: GRID_CLIENTS, view: { scope: ALL_SCOPE, positions: true, exposure: false } },
      ],
    });
    delay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    const snapshotTimes = report.snapshotMs.filter((ms): ms is number => ms !== null);
    const missing = report.snapshotMs.length - snapshotTimes.length;
    const allSnapshotsMs = missing ? Infinity : Math.max(...snapshotTimes);
    const drops = linkDrops - dropsBefore;

    row("time until every client has its snapshot", missing ? `${missing} without` : `${(allSnapshotsMs / 1000).toFixed(1)} s`, "10 s", allSnapshotsMs / TARGETS.allSnapshotsMs);
    row("  median client", `${(percentile(snapshotTimes, 0.5) / 1000).toFixed(2)} s`, "—", 0);
    for (const [kind, bytes] of Object.entries(report.bytesPerClientPerSecond)) {
      const budget = kind === "overview" ? TARGETS.overviewBytesPerSecond : NaN;
      row(`bytes per ${kind} client per second (on the wire)`, `${(bytes / 1024).toFixed(1)} kB/s`, Number.isNaN(budget) ? "—" : "20 kB/s", Number.isNaN(budget) ? 0 : bytes / budget);
      row(`  decompressed payload`, `${((report.payloadBytesPerClientPerSecond[kind] ?? 0) / 1024).toFixed(1)} kB/s`, "—", 0);
    }
    row("server CPU while clients connect and follow", `${(cpuShare * 100).toFixed(0)} %`, "—", 0);
    row("event-loop delay p99", `${(delay.percentile(99) / 1e6).toFixed(0)} ms`, "—", 0);
    row("event-loop delay max", `${(delay.max / 1e6).toFixed(0)} ms`, "—", 0);
    row("server RSS", `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`, "—", 0);
    row("IB link drops", String(drops), "0", drops);
    row("clients dropped by the server", String(report.disconnects), "0", report.disconnects);
  } finally {
    await hub.close();
    monitor.stop();
    sim.child.kill("SIGTERM");
  }
}
