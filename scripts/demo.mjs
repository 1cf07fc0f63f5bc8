#!/usr/bin/env node
// `npm run demo`: builds the web app when its sources changed, starts the simulated
// gateway and RiskDesk connected to it, prints where to look, and stops both on Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? "127.0.0.1";
// `npm run demo -- --scenario scenarios/margin-squeeze.json` runs a scenario once RiskDesk is up.
const flags = (() => {
  try {
    return parseArgs({ options: { scenario: { type: "string" } }, strict: true }).values;
  } catch (error) {
    console.error(`demo: ${error.message}\nusage: npm run demo [-- --scenario scenarios/margin-squeeze.json]`);
    process.exit(2);
  }
})();
const simArgs = [
  "--port", env.DEMO_SIM_PORT ?? "0",
  "--seed", env.DEMO_SEED ?? "7",
  "--accounts", env.DEMO_ACCOUNTS ?? "5",
];
const children = new Set();
// The demo's users live in a store of its own, made afresh and removed on exit: its known
// logins never land in a real store.
const storeDir = mkdtempSync(join(tmpdir(), "riskdesk-demo-"));
// A store of the demo's own, unless the caller names one (the end-to-end tests do).
const storeEnv = { SQLITE_PATH: env.SQLITE_PATH ?? join(storeDir, "riskdesk.db") };
delete env.DATABASE_URL;
process.on("exit", () => rmSync(storeDir, { recursive: true, force: true }));

function fail(message) {
  console.error(`demo: ${message}`);
  stopAll(1);
}

function stopAll(code) {
  for (const child of children) child.kill("SIGTERM");
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function buildIfStale() {
  const buildId = join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "next.config.js", "package-lock.json"].map((p) => join(root, p));
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built > Math.max(...sources.filter(existsSync).map(newestMtime))) return;
  console.log("demo: building the web app (next build)...");
  const result = spawnSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) fail("next build failed");
}

/** Seeds the demo's users; returns them as `{ name, password, role, grants }`. */
function seedUsers() {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/auth/seed-demo-users.ts"], {
    cwd: root,
    env: { ...env, ...storeEnv },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error("seeding the demo users failed");
  return JSON.parse(result.stdout);
}

function start(name, args, extraEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!process.exitCode && code !== 0) fail(`${name} stopped (${signal ?? `exit code ${code}`})`);
  });
  return child;
}

function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`no "${pattern}" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const match = buffered.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.on("exit", () => reject(new Error("exited before it was ready")));
  });
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The sim's CLI against its control API: validates or runs a scenario; exits the demo when it fails. */
function simCommand(args) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/sim/cli.ts", ...args], { cwd: root, encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`scenario ${flags.scenario}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

/** A free loopback port for the control API, which a scenario needs. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(String(port)));
    });
    server.on("error", reject);
  });
}

/** Waits until RiskDesk holds its connection to the simulated gateway (the scenario is shown from its first step). */
async function waitForRiskDeskLink(controlPort, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = await (await fetch(`http://127.0.0.1:${controlPort}/health`)).json();
    if (health.clientIds.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`RiskDesk did not connect to the simulated gateway within ${timeoutMs} ms`);
}

async function main() {
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  if (flags.scenario) console.log(`demo: ${simCommand(["scenario", flags.scenario, "--check"])}`);
  const controlPort = env.DEMO_SIM_CONTROL_PORT ?? (flags.scenario ? await freePort() : undefined);
  if (controlPort) simArgs.push("--control-port", controlPort);
  buildIfStale();
  if (process.exitCode) return;

  const logins = seedUsers();
  const sim = start("simulated gateway", ["server/sim/cli.ts", ...simArgs]);
  const [, simHost, simPort] = await waitForLine(sim, /listening on (\S+):(\d+)/, 30_000);
  sim.stdout.pipe(process.stdout);

  const app = start("RiskDesk", ["server/main.ts"], {
    NODE_ENV: "production",
    HOST: host,
    PORT: String(port),
    IB_HOST: simHost,
    IB_PORT: simPort,
    // Production requires a secret; the demo's lives as long as the demo.
    SESSION_SECRET: env.SESSION_SECRET ?? randomBytes(32).toString("base64url"),
    ...storeEnv,
  });
  app.stdout.pipe(process.stdout);
  await waitForHealth(`http://${host}:${port}/healthz`, 60_000);

  const shown = host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host;
  console.log(`
  RiskDesk is running:   http://${shown}:${port}
  simulated gateway:     ${simHost}:${simPort}${controlPort ? ` (control http://127.0.0.1:${controlPort})` : ""}
  log in as (this demo's store only; it is removed on exit):
${logins.map(({ name, password, role, grants }) => `    ${name} / ${password} (${role}${grants.length ? `, limited to ${grants.join(", ")}` : ""})`).join("\n")}
  Press Ctrl-C to stop.
`);
  if (flags.scenario) {
    await waitForRiskDeskLink(controlPort, 60_000);
    console.log(`demo: running scenario ${flags.scenario} now (npm run sim -- incidents --control-port ${controlPort} shows its progress)`);
    simCommand(["scenario", flags.scenario, "--control-port", controlPort]);
  }
}

main().catch((error) => fail(error.message));
