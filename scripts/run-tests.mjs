#!/usr/bin/env node
// Runs one tier of the node:test suite. Unit tests are `*.test.ts` beside the code they
// test; integration tests (real sockets, the simulated gateway) are `*.integration.test.ts`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const TIERS = {
  unit: (name) => name.endsWith(".test.ts") && !name.endsWith(".integration.test.ts"),
  integration: (name) => name.endsWith(".integration.test.ts"),
};
const ROOTS = ["lib", "server", "components", "bench"];

const tier = process.argv[2];
const matches = TIERS[tier];
if (!matches) {
  console.error(`usage: run-tests.mjs <${Object.keys(TIERS).join("|")}> [file filter]`);
  process.exit(2);
}
const filter = process.argv[3];

function collect(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : collect(path);
    return matches(entry.name) && (!filter || path.includes(filter)) ? [path] : [];
  });
}

const files = ROOTS.flatMap(collect).sort();
if (files.length === 0) {
  console.error(`no ${tier} test files found`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", ...files],
  { stdio: "inherit", env: { ...process.env, NODE_ENV: "test" } },
);
process.exit(result.status ?? 1);
