import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { runSimCli } from "./testing/sim-cli";

describe("sim CLI", () => {
  test("prints one listening line, and exits 0 on SIGTERM", async () => {
    const { child, exited, output } = runSimCli(["--port", "0", "--tick-ms", "0"]);
    for (let i = 0; i < 1200 && !output().stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 25));
    assert.match(output().stdout, /^simulated gateway listening on 127\.0\.0\.1:\d+\n$/);
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.equal(output().stdout.split("\n").length, 2, "exactly one line");
  });

  test("--no-fa --positions 5 serves one individual account with 5 positions (checked over --control-port)", async () => {
    const { child, exited, output } = runSimCli(["--port", "0", "--tick-ms", "0", "--no-fa", "--positions", "5", "--max-rate", "80", "--control-port", "0"]);
    try {
      for (let i = 0; i < 1200 && !output().stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 25));
      const port = /control API on http:\/\/127\.0\.0\.1:(\d+)/.exec(output().stderr)?.[1];
      assert.ok(port, output().stderr);
      const get = async (path: string) => (await (await fetch(`http://127.0.0.1:${port}${path}`)).json()) as Record<string, unknown>;
      const accounts = await get("/accounts");
      assert.equal(accounts.fa, false);
      assert.deepEqual((accounts.accounts as Array<{ id: string }>).map((a) => a.id), ["U1000001"]);
      const positions = (await get("/positions")).positions as Array<{ account: string }>;
      assert.equal(positions.length, 5);
    } finally {
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    }
  });

  test("a bad option value exits 2 with a clear message", async () => {
    const { exited, output } = runSimCli(["--seed=abc"]);
    assert.equal(await exited, 2);
    assert.match(output().stderr, /--seed must be an integer/);
    assert.equal(output().stdout, "");
  });
});
