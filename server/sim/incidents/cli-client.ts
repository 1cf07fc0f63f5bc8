/**
 * `npm run sim -- incident <kind> [--param value ...]`, `npm run sim -- scenario <file.json>` and
 * `npm run sim -- incidents`: drive a running simulator through its control API
 * (`--control-port`, or SIM_CONTROL_PORT). Prints the answer as JSON; exit code 1 when the
 * simulator refuses, 2 for a usage error.
 */
import { readFileSync } from "node:fs";
import { INCIDENT_KINDS, ScenarioError, parseScenarioText, type Scenario } from "./schema";

export const CONTROL_COMMANDS = ["incident", "scenario", "incidents"] as const;

export const CONTROL_USAGE = `Drive a running simulator (started with --control-port):
  npm run sim -- incident <kind> [--<parameter> <value> ...] [--control-port <port>]
  npm run sim -- scenario <file.json> [--control-port <port>]
  npm run sim -- scenario <file.json> --check            only validate the file
  npm run sim -- incidents [--control-port <port>]      what is running and scheduled
Kinds: ${INCIDENT_KINDS.join(", ")}
e.g.   npm run sim -- incident margin-squeeze --account DU1000003 --severity 1.05 --control-port 4100
The port may also come from SIM_CONTROL_PORT. Parameters are those of POST /incident
(kebab-case is accepted: --down-seconds 5); list parameters take commas: --farms usfarm,ushmds.
`;

export class ControlUsageError extends Error {}

/** Parameters given as lists on the command line. */
const LIST_PARAMETERS = new Set(["farms"]);

const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

function parameterValue(name: string, text: string): unknown {
  if (LIST_PARAMETERS.has(name)) return text.split(",").filter((item) => item !== "");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

type ControlCommand =
  | {
      port: number;
      method: "GET" | "POST";
      path: string;
      body?: unknown;
    }
  /** `scenario <file> --check`: the file is valid; nothing is sent. */
  | { check: string };

/** Reads the command line after the command word; throws ControlUsageError. */
export function parseControlCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ControlCommand {
  const [command, ...rest] = argv;
  const positionals: string[] = [];
  const parameters: Record<string, unknown> = {};
  let portText = env.SIM_CONTROL_PORT || undefined; // set but empty = not set
  let checkOnly = false;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (!word.startsWith("--")) {
      positionals.push(word);
      continue;
    }
    const [flag, inline] = word.slice(2).split("=", 2) as [string, string | undefined];
    if (flag === "check" && inline === undefined) {
      checkOnly = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined) throw new ControlUsageError(`--${flag} needs a value`);
    if (flag === "control-port") portText = value;
    else parameters[camelCase(flag)] = parameterValue(camelCase(flag), value);
  }
  if (checkOnly && command !== "scenario") throw new ControlUsageError("--check goes with scenario");
  if (portText === undefined && !checkOnly) throw new ControlUsageError("say where the simulator's control API is: --control-port <port> or SIM_CONTROL_PORT");
  if (portText !== undefined && (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)) throw new ControlUsageError(`--control-port must be a port number, got ${JSON.stringify(portText)}`);
  const port = Number(portText ?? 0);

  switch (command) {
    case "incident": {
      const [kind, ...extra] = positionals;
      if (!kind) throw new ControlUsageError(`name the incident: one of ${INCIDENT_KINDS.join(", ")}`);
      if (extra.length) throw new ControlUsageError(`unexpected ${JSON.stringify(extra[0])}: parameters are --name value`);
      return { port, method: "POST", path: "/incident", body: { kind, ...parameters } };
    }
    case "scenario": {
      const [file, ...extra] = positionals;
      if (!file || extra.length) throw new ControlUsageError("name one scenario file");
      if (Object.keys(parameters).length) throw new ControlUsageError("a scenario takes no parameters: they are in its file");
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        throw new ControlUsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      let scenario: Scenario;
      try {
        scenario = parseScenarioText(text, file);
      } catch (error) {
        if (error instanceof ScenarioError) throw new ControlUsageError(`${file}: ${error.message}`);
        throw error;
      }
      if (checkOnly) return { check: `${file}: ${scenario.steps.length} steps over ${scenario.steps.at(-1)!.at} s` };
      const body = JSON.parse(text) as Record<string, unknown>;
      return { port, method: "POST", path: "/scenario", body: { name: file, ...body } };
    }
    case "incidents":
      if (positionals.length || Object.keys(parameters).length) throw new ControlUsageError("incidents takes no arguments");
      return { port, method: "GET", path: "/incidents" };
    default:
      throw new ControlUsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** Sends the command; returns the process exit code. */
export async function runControlCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let command: ControlCommand;
  try {
    command = parseControlCommand(argv, env);
  } catch (error) {
    if (!(error instanceof ControlUsageError)) throw error;
    err(`sim: ${error.message}\n\n${CONTROL_USAGE}`);
    return 2;
  }
  if ("check" in command) {
    out(`${command.check}\n`);
    return 0;
  }
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${command.port}${command.path}`, {
      method: command.method,
      headers: command.method === "POST" ? { "content-type": "application/json" } : undefined,
      body: command.body === undefined ? undefined : JSON.stringify(command.body),
    });
  } catch (error) {
    err(`sim: no control API on 127.0.0.1:${command.port} (${(error as Error).message}); start the simulator with --control-port\n`);
    return 1;
  }
  const text = await response.text();
  if (!response.ok) {
    err(`sim: refused (${response.status}): ${text}\n`);
    return 1;
  }
  out(`${text}\n`);
  return 0;
}
