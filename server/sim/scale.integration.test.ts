import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "@/server/testing/wait-for";
import { startSimGateway } from "./gateway";
import { RecordingClient } from "./testing/ib-client";

describe("scale: 500 accounts × 40 positions", () => {
  test("starts in seconds, serves reqPositionsMulti for one account, and a tick with 20,000 P&L subscriptions stays short", async () => {
    const started = performance.now();
    const sim = await startSimGateway({ port: 0, accounts: 500, positionsPerAccount: 40, tickMs: 0, maxMessagesPerSecond: 100_000 });
    const startMs = performance.now() - started;
    const client = await RecordingClient.connect(sim.host, sim.port, 1, 100_000);
    try {
      assert.ok(startMs < 3000, `started in ${startMs.toFixed(0)} ms`);
      assert.equal(sim.positions().length, 20_000);
      const account = sim.accounts[321]!;
      client.ib.reqPositionsMulti(1, account, "");
      await waitFor("positions of one account", () => client.positionMultiEnds.includes(1));
      assert.equal(client.positions.length, 40);
      assert.ok(client.positions.every((p) => p.account === account));

      // P&L single for every position (the client's own pacing lifted), then one tick.
      const positions = sim.positions();
      positions.forEach((p, i) => client.ib.reqPnLSingle(1000 + i, p.account, "", p.conId));
      await waitFor("every first P&L", () => client.pnlSingle.length === positions.length, 20_000);
      const before = client.pnlSingle.length;
      const tickStarted = performance.now();
      sim.step();
      const tickMs = performance.now() - tickStarted;
      await client.sync();
      assert.equal(client.pnlSingle.length - before, positions.length, "every position's P&L changed and was pushed");
      assert.ok(tickMs < 1000, `one tick with 20,000 subscriptions took ${tickMs.toFixed(0)} ms`);
    } finally {
      client.disconnect();
      await sim.close();
    }
  });
});
