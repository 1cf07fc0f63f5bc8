/**
 * `npm run sim -- [options]`: runs the simulated IB Gateway until Ctrl-C / SIGTERM.
 * Prints exactly one line on stdout once it accepts connections; logs go to stderr (--verbose).
 */
import { parseArgs } from "node:util";
import { startControlServer, type ControlServer } from "./control-http";
import { DEFAULTS, startSimGateway, type SimGatewayOptions } from "./gateway";
import { MAX_POSITIONS_PER_ACCOUNT } from "./model/portfolio";
import { MIN_CLIENT_VERSION, SIM_MAX_VERSION } from "./wire/handshake";

const USAGE = `Usage: npm run sim -- [options]

Simulated IB Gateway speaking the TWS API (server version 193).

Options:
  --host <host>          interface to listen on (default ${DEFAULTS.host})
  --port <port>          TWS API port, 0 = any free port (default ${DEFAULTS.port})
  --seed <n>             seed of the portfolio and the price walk (default ${DEFAULTS.seed})
  --accounts <n>         number of FA sub-accounts, 1-1000 (default ${DEFAULTS.accounts})
  --positions <n>        position lines per account, 2-${MAX_POSITIONS_PER_ACCOUNT} (default: 8-17 by risk profile)
  --no-fa                an individual login (one account, U1000001) instead of an FA master
  --max-rate <n>         client messages per second before error 100 (default ${DEFAULTS.maxMessagesPerSecond})
  --tick-ms <ms>         price tick interval, 0 = prices stand still (default ${DEFAULTS.tickMs})
  --summary-ms <ms>      account summary update interval (default: the tick interval)
  --read-only            TWS's "Read-Only API": placeOrder, cancelOrder and reqGlobalCancel are refused
  --max-server-version <n>  answer at most this server version, ${MIN_CLIENT_VERSION}-${SIM_MAX_VERSION} (an older gateway)
  --control-port <port>  also serve the HTTP control API on 127.0.0.1:<port> (default: off)
  --verbose              log connections and requests to stderr
  --help                 show this help
`;

class UsageError extends Error {}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function parseOptions(argv: string[]): (SimGatewayOptions & { controlPort?: number }) | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      seed: { type: "string" },
      accounts: { type: "string" },
      positions: { type: "string" },
      "no-fa": { type: "boolean" },
      "max-rate": { type: "string" },
      "tick-ms": { type: "string" },
      "summary-ms": { type: "string" },
      "control-port": { type: "string" },
      "read-only": { type: "boolean" },
      "max-server-version": { type: "string" },
      verbose: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  if (values.host !== undefined && values.host.trim() === "") throw new UsageError("--host must not be empty");
  if (values["no-fa"] && values.accounts !== undefined) throw new UsageError("--no-fa serves one account: drop --accounts");
  return {
    host: values.host,
    port: integer("port", values.port, 0, 65535),
    seed: integer("seed", values.seed, 0, 0xffffffff),
    accounts: integer("accounts", values.accounts, 1, 1000),
    positionsPerAccount: integer("positions", values.positions, 2, MAX_POSITIONS_PER_ACCOUNT),
    fa: values["no-fa"] ? false : undefined,
    maxMessagesPerSecond: integer("max-rate", values["max-rate"], 1, 1_000_000),
    tickMs: integer("tick-ms", values["tick-ms"], 0, 3_600_000),
    summaryIntervalMs: integer("summary-ms", values["summary-ms"], 0, 3_600_000),
    readOnly: values["read-only"] ?? false,
    maxServerVersion: integer("max-server-version", values["max-server-version"], MIN_CLIENT_VERSION, SIM_MAX_VERSION),
    controlPort: integer("control-port", values["control-port"], 0, 65535),
    logger: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
  };
}

async function main(): Promise<void> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }

  const gateway = await startSimGateway(options);
  let control: ControlServer | undefined;
  if (options.controlPort !== undefined) {
    control = await startControlServer(gateway, options.controlPort);
    process.stderr.write(`control API on http://127.0.0.1:${control.port}\n`);
  }
  process.stdout.write(`simulated gateway listening on ${gateway.host}:${gateway.port}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.all([gateway.close(), control?.close()]).then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
