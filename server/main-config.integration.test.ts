import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

test("a malformed IB_DAILY_RESTART stops the server at start-up with exit code 2, naming the variable", () => {
  const result = spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: { ...process.env, IB_DAILY_RESTART: "23:45-00:45 Atlantis/Capital", NODE_ENV: "test" },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /IB_DAILY_RESTART="23:45-00:45 Atlantis\/Capital": unknown time zone/);
});
