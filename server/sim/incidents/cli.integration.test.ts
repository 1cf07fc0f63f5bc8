import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingClient } from "../testing/ib-client";
import { waitFor } from "@/server/testing/wait-for";
import { runSimCli } from "../testing/sim-cli";

describe("sim CLI drives a running simulator's incidents through its control API", () => {
  let sim: ChildProcess;
  let controlPort: string;
  let client: RecordingClient;
  const dir = mkdtempSync(join(tmpdir(), "sim-scenarios-"));
  const command = async (args: string[], env?: Record<string, string>) => {
    const { exited, output } = runSimCli(args, env);
    const code = await exited;
    return { code, ...output() };
  };

  before(async () => {
    const started = runSimCli(["--port", "0", "--tick-ms", "0", "--control-port", "0"]);
    sim = started.child;
    await waitFor("listening", () => started.output().stdout.includes("\n") && /control API on/.test(started.output().stderr), 30_000);
    controlPort = /control API on http:\/\/127\.0\.0\.1:(\d+)/.exec(started.output().stderr)![1]!;
    const simPort = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(started.output().stdout)![1]);
    client = await RecordingClient.connect("127.0.0.1", simPort, 3);
  });
  after(async () => {
    client.disconnect();
    sim.kill("SIGTERM");
    await once(sim, "exit");
    rmSync(dir, { recursive: true, force: true });
  });

  test("incident margin-warning --account ... sends 2148 to the connected client", async () => {
    const from = client.infos.length;
    const result = await command(["incident", "margin-warning", "--account", "DU1000002", "--control-port", controlPort]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { kind: string }).kind, "margin-warning");
    await waitFor("2148", () => client.infos.slice(from).some((i) => i.code === 2148 && i.message.endsWith("DU1000002")));
  });

  test("kebab-case and list parameters, and the port from SIM_CONTROL_PORT", async () => {
    const from = client.infos.length;
    const result = await command(["incident", "farm-outage", "--farms", "usfarm,ushmds", "--down-seconds", "0.2"], { SIM_CONTROL_PORT: controlPort });
    assert.equal(result.code, 0, result.stderr);
    await waitFor("farms back", () => client.infos.slice(from).length === 4, 10_000);
    assert.deepEqual(client.infos.slice(from).map((i) => i.code), [2103, 2105, 2104, 2106]);
  });

  test("scenario <file> schedules it; incidents lists it", async () => {
    const result = await command(["scenario", "scenarios/margin-squeeze.json", "--control-port", controlPort]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { scenario: string }).scenario, "margin-squeeze");
    const listed = await command(["incidents", "--control-port", controlPort]);
    const status = JSON.parse(listed.stdout) as { running: Array<{ kind: string }>; scheduled: Array<{ incident: { kind: string } }> };
    const kinds = [...status.running.map((r) => r.kind), ...status.scheduled.map((s) => s.incident.kind)];
    assert.ok(kinds.includes("margin-squeeze") && kinds.includes("margin-warning"), listed.stdout);
    assert.equal((await command(["incident", "restore", "--control-port", controlPort])).code, 0);
  });

  test("a bad scenario file, a refusal, a bad kind and a missing port give clear errors", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ steps: [{ at: 0, kind: "socket-drop" }, { at: 2, kind: "daily-restart", downSeconds: 9999 }] }));
    const bad = await command(["scenario", file, "--control-port", controlPort]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /step 2 \(daily-restart\): downSeconds/);
    const refused = await command(["incident", "margin-warning", "--account", "DU9999999", "--control-port", controlPort]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused \(404\).*unknown account DU9999999/);
    const unknownKind = await command(["incident", "meteor", "--control-port", controlPort]);
    assert.equal(unknownKind.code, 1);
    assert.match(unknownKind.stderr, /refused \(400\)/);
    const noPort = await command(["incident", "socket-drop"]);
    assert.equal(noPort.code, 2);
    assert.match(noPort.stderr, /--control-port <port> or SIM_CONTROL_PORT/);
    assert.equal(client.disconnects, 0, "nothing refused reached the gateway");
  });
});
