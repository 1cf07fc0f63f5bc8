import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { snapshotSchema, type Snapshot, type View } from "@/lib/stream";
import { Publication } from "@/server/realtime/publication";
import { RiskEngine } from "@/server/risk/engine";
import { startSimGateway, type SimGateway } from "@/server/sim/gateway";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { waitFor } from "@/server/testing/wait-for";
import { Collector } from "@/server/ib/collector";

const VIEW: View = { scope: "all", positions: true, exposure: true };

/** Every number anywhere in a payload, with its path. */
function numbersIn(value: unknown, path = "$"): Array<[string, number]> {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => numbersIn(item, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${path}.${key}`));
  return [];
}

describe("unset and garbage numbers from the simulated gateway", () => {
  let sim: SimGateway;
  let collector: Collector;
  let publication: Publication;
  const log = capturingLogger();

  /** The snapshot a browser gets, checked as the browser checks it. */
  const snapshot = (): Snapshot => {
    const body = { ...publication.snapshot(VIEW), seq: 0 };
    const nonFinite = numbersIn(body).filter(([, n]) => !Number.isFinite(n));
    assert.deepEqual(nonFinite, [], "no non-finite number in the snapshot");
    return snapshotSchema.parse(JSON.parse(JSON.stringify(body)));
  };
  const account = (id: string) => snapshot().accounts.find((candidate) => candidate.accountId === id)!;
  const warned = (account: string, field: string, value: string) =>
    log.warnings().some((line) => line.account === account && line.field === field && line.value === value);

  before(async () => {
    sim = await startSimGateway({ port: 0, seed: 5, accounts: 2, tickMs: 0 });
    collector = new Collector(
      { IB_HOST: sim.host, IB_PORT: sim.port, IB_CLIENT_ID: 41, IB_ACCOUNTS: [], IB_RECONNECT_MIN_MS: 100, IB_RECONNECT_MAX_MS: 400 },
      log.logger,
    );
    publication = new Publication({ engine: new RiskEngine({ initialLink: collector.status }) });
    collector.onEvent((event) => publication.apply(event));
    collector.start();
    await waitFor("every figure and position", () => {
      const { accounts, positions } = publication.snapshot(VIEW);
      return accounts.length === 2 && accounts.every((a) => a.figures.marginUtilisation) && positions.length > 0 && positions.every((p) => p.marketValue !== null);
    }, 15_000);
  });
  after(async () => {
    collector.stop();
    await sim.close();
  });

  test("IB's unset net liquidation makes it unavailable, with the figures derived from it; the rest stays live", async () => {
    const [first, second] = sim.accounts as [string, string];
    sim.overrideAccountValue(first, "NetLiquidation", "unset");
    await waitFor("net liquidation unavailable", () => account(first).figures.netLiquidation?.value === null);
    const { figures } = account(first);
    assert.equal(figures.marginUtilisation?.value, null);
    assert.equal(typeof figures.maintMargin?.value, "number");
    assert.equal(typeof account(second).figures.netLiquidation?.value, "number");
    assert.equal(snapshot().firm.figures.netLiquidation?.value, null, "a firm total over it is unavailable, not partial");

    sim.overrideAccountValue(first, "NetLiquidation", null);
    await waitFor("net liquidation back", () => typeof account(first).figures.netLiquidation?.value === "number");
    assert.equal(typeof snapshot().firm.figures.netLiquidation?.value, "number");
  });

  test("a garbage or absurd account value is refused and logged: the last good one stays, stale, until a good one comes", async () => {
    const second = sim.accounts[1]!;
    const before = account(second).figures.maintMargin!.value;
    sim.overrideAccountValue(second, "MaintMarginReq", "garbage");
    await waitFor("maintenance margin stale", () => account(second).figures.maintMargin?.stale);
    assert.equal(account(second).figures.maintMargin?.value, before);
    assert.equal(snapshot().firm.figures.maintMargin?.stale, true);
    assert.ok(warned(second, "MaintMarginReq", "garbage"), "a warning names the account, tag and value");

    sim.overrideAccountValue(second, "MaintMarginReq", "1e308");
    await waitFor("the absurd margin logged", () => warned(second, "MaintMarginReq", "1e308"));
    assert.equal(account(second).figures.maintMargin?.value, before);

    sim.overrideAccountValue(second, "MaintMarginReq", null);
    await waitFor("maintenance margin live again", () => !account(second).figures.maintMargin?.stale);
  });

  test("a position with a garbage average cost or an unset size is refused and logged; the position stays as it was", async () => {
    const first = sim.accounts[0]!;
    const held = sim.positions(first)[0]!;
    const key = `${first}|${held.conId}`;
    const shown = () => snapshot().positions.find((p) => p.key === key);
    const before = shown();
    assert.ok(before);

    sim.overridePosition(first, held.conId, "avgCost", "abc");
    await waitFor("the average cost logged", () => log.warnings().some((line) => line.account === first && String(line.field).startsWith("avgCost") && line.value === "NaN"));
    sim.overridePosition(first, held.conId, "position", "unset");
    await waitFor("the size logged", () => log.warnings().some((line) => line.account === first && String(line.field).startsWith("position")));
    assert.deepEqual(shown(), before);

    sim.overridePosition(first, held.conId, "avgCost", null);
    sim.overridePosition(first, held.conId, "position", null);
    sim.step(1);
    await waitFor("the position's P&L moving again", () => shown()?.marketValue !== before.marketValue);
    assert.equal(shown()?.position, held.position);
  });
});
