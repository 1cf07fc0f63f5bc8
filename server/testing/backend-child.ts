/** Starts server/testing/backend-process.ts as a child process and reads its JSON log. */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port";
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
    private readonly dataDir: string,
  ) {
    createInterface({ input: process.stdout! }).on("line", (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.logs.push({ level: 60, msg: `not JSON: ${line}` });
      }
    });
  }

  /** Starts a backend with a store of its own, unless `env` names one (SQLITE_PATH, DATABASE_URL). */
  static async start(env: Record<string, string>): Promise<BackendChild> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), "riskdesk-backend-"));
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", SQLITE_PATH: join(dataDir, "riskdesk.db"), ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const backend = new BackendChild(child, port, dataDir);
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
    if (this.alive) {
      this.process.kill("SIGKILL");
      await once(this.process, "exit");
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
