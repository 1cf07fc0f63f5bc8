/** Starts server/testing/backend-process.ts as a child process and reads its JSON log. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait-for";

const ENTRY = fileURLToPath(new URL("./backend-process.ts", import.meta.url));

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export class BackendChild {
  readonly logs: LogLine[] = [];
  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
  ) {
    createInterface({ input: process.stdout! }).on("line", (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.logs.push({ level: 60, msg: `not JSON: ${line}` });
      }
    });
  }

  static async start(env: Record<string, string>): Promise<BackendChild> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const backend = new BackendChild(child, port);
    await waitFor("the backend to listen", () => backend.logs.some((line) => line.msg === "backend listening"), 20_000);
    return backend;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async health(timeoutMs = 2000): Promise<{ ok: boolean; ib: { state: string } }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    return (await response.json()) as { ok: boolean; ib: { state: string } };
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.process.kill("SIGKILL");
    await once(this.process, "exit");
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
