/**
 * `npm run bench`: measured figures, and ratios against the budget they must fit, for the
 * paths that carry IB-scale volume. It reports; it does not pass or fail.
 */
import { DEFAULT_VIEW, encodeBody, snapshotBodySchema } from "@/lib/stream";
import { createLogger } from "@/server/logger";
import { SharedPayloads } from "@/server/realtime/shared-payloads";
import { readyLink } from "@/lib/testing/link";
import { defaultAlertRules } from "@/server/risk/alerts/rules";
import { RiskEngine } from "@/server/risk/engine";
import { DEFAULT_RISK_THRESHOLDS } from "@/server/risk/thresholds";
import { loadedPublication, marginEvents, tickEvents, type BookShape } from "./engine";
import { runFanout } from "./fanout";
import { row, time } from "./report";

const SCALE: BookShape = { accounts: 500, positionsPerAccount: 40 };
const positions = SCALE.accounts * SCALE.positionsPerAccount;


global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const load = time(() => loadedPublication(SCALE));
const publication = load.result;
global.gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

console.log(`RiskDesk bench — ${SCALE.accounts} accounts × ${SCALE.positionsPerAccount} positions = ${positions} positions\n`);
row("load the book (accounts, rates, positions)", `${load.ms.toFixed(0)} ms`, "2000 ms", load.ms / 2000);
row("heap held by the loaded book", `${heapMb.toFixed(1)} MiB`, "200 MiB", heapMb / 200);

// A tick of P&L for every position must be absorbed well within the second it stands for.
const ticks = 5;
let applyMs = 0;
for (let tick = 1; tick <= ticks; tick++) {
  const events = tickEvents(SCALE, tick);
  applyMs += time(() => events.forEach((event) => publication.apply(event))).ms;
}
const perTick = applyMs / ticks;
row("apply one tick of P&L (every position)", `${perTick.toFixed(1)} ms`, "250 ms", perTick / 250);
row("P&L events absorbed per second", `${Math.round((positions * 1000) / perTick)}/s`, `${positions}/s`, positions / ((positions * 1000) / perTick));

// The alert rules: a second of market (P&L of every position, a margin move in every account,
// the engine's tick) with the default rules, against the same with every rule off.
const rulesOff = defaultAlertRules(DEFAULT_RISK_THRESHOLDS).map((rule) => ({ ...rule, enabled: false }));
for (const [name, alertRules] of [["alert rules off", rulesOff], ["default alert rules", undefined]] as const) {
  const engine = new RiskEngine({ initialLink: readyLink(), alertRules });
  const measured = loadedPublication(SCALE, engine);
  let ms = 0;
  for (let second = 1; second <= ticks; second++) {
    const events = [...tickEvents(SCALE, second), ...marginEvents(SCALE, second), { type: "tick" as const, at: second * 1000 }];
    ms += time(() => events.forEach((event) => measured.apply(event))).ms;
  }
  row(`one second of market and a tick, ${name}`, `${(ms / ticks).toFixed(1)} ms`, "250 ms", ms / ticks / 250);
  row(`  active alerts at the end`, `${engine.activeAlerts().length}`, "—", 0);
}

// What one client costs per flush after a tick: the hub flushes 10 times a second.
const base = publication.revision;
for (const event of tickEvents(SCALE, ticks + 1)) publication.apply(event);
const views = {
  "overview (all, no positions)": DEFAULT_VIEW,
  "positions grid (all 20,000)": { scope: "all", positions: true, exposure: false },
  "positions grid (one FA group)": { scope: "group:Half", positions: true, exposure: false },
  "exposure (all)": { scope: "all", positions: false, exposure: true },
};
for (const [name, view] of Object.entries(views)) {
  const delta = time(() => publication.deltaSince(base, view));
  const bytes = Buffer.byteLength(JSON.stringify(delta.result));
  row(`build a delta after one tick: ${name}`, `${delta.ms.toFixed(1)} ms`, "50 ms", delta.ms / 50);
  row(`  its size`, `${(bytes / 1024).toFixed(0)} KiB`, "—", 0);
}
const snapshot = time(() => publication.snapshot({ scope: "all", positions: true, exposure: true }));
row("build a full snapshot with every position", `${snapshot.ms.toFixed(1)} ms`, "200 ms", snapshot.ms / 200);
row("  its size", `${(Buffer.byteLength(JSON.stringify(snapshot.result)) / 2 ** 20).toFixed(1)} MiB`, "—", 0);

// What the hub adds once per view and revision (never per client): the schema check and the encoding.
const shared = new SharedPayloads(publication, createLogger("silent"));
const sharedViews = { "overview snapshot": DEFAULT_VIEW, "full grid snapshot": { scope: "all", positions: true, exposure: false } };
for (const [name, view] of Object.entries(sharedViews)) {
  const body = publication.snapshot(view);
  const checked = time(() => snapshotBodySchema.safeParse(body));
  const encoded = time(() => encodeBody(body));
  row(`schema check of the ${name}`, `${checked.ms.toFixed(1)} ms`, "100 ms", checked.ms / 100);
  row(`encoding of the ${name}`, `${encoded.ms.toFixed(1)} ms`, "100 ms", encoded.ms / 100);
  row(`  shared build, check and encoding, per revision`, `${time(() => shared.snapshot(view)).ms.toFixed(1)} ms`, "200 ms", 0);
}

if (!process.argv.includes("--no-fanout")) await runFanout();
