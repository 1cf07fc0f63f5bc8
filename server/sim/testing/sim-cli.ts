import { spawn } from "node:child_process";
import { once } from "node:events";

const CLI = ["--import", "tsx", "server/sim/cli.ts"];

/** Runs `npm run sim -- <args>` as a child, collecting its output; SIM_CONTROL_PORT is unset unless `env` sets it. */
export function runSimCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SIM_CONTROL_PORT: "", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}
