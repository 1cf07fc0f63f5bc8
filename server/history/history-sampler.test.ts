import { test } from "node:test";
import assert from "node:assert/strict";
import { readyLink } from "@/lib/testing/link";
import { RiskEngine } from "@/server/risk/engine";
import { figureSamples } from "./history-sampler";

test("the engine's firm, groups and accounts become one stored sample each, with the sampled figures", () => {
  const engine = new RiskEngine({ initialLink: readyLink() });
  engine.apply({ type: "accountsListed", accounts: ["DU1", "DU2"], at: 0 });
  engine.apply({ type: "faConfig", groups: [{ name: "G", method: "NetLiq", accounts: ["DU1"] }], aliases: {}, at: 0 });
  engine.apply({ type: "accountValues", account: "DU1", currency: "USD", values: { netLiquidation: 100, maintMargin: 20, initMargin: 30, excessLiquidity: 80 }, at: 0 });

  const at = Date.UTC(2026, 0, 2, 14, 30);
  const samples = figureSamples(engine.figuresByScope(at), at);
  // DU2 has reported nothing: it has no currency and no sample.
  assert.deepEqual(samples.map((sample) => sample.scope), ["all", "group:G", "account:DU1"]);
  assert.deepEqual(samples.at(-1), {
    scope: "account:DU1",
    at: new Date(at),
    resolutionSeconds: 10,
    currency: "USD",
    netLiquidation: 100,
    maintMargin: 20,
    initMargin: 30,
    excessLiquidity: 80,
    marginUtilisation: 0.2,
    dailyPnL: null,
  });
});
