import { fileURLToPath } from "node:url";
import next from "next";
import { startBackend } from "@/server/backend";
import { ConfigError, loadConfig } from "@/server/config";
import { createLogger } from "@/server/logger";
import { installProcessGuards } from "@/server/process-guards";

const dev = process.argv.includes("--dev");
const rootDir = fileURLToPath(new URL("..", import.meta.url));

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  installProcessGuards(logger);

  const web = next({ dev, dir: rootDir, hostname: config.HOST, port: config.PORT });
  await web.prepare();
  const backend = await startBackend(config, logger, { pages: web.getRequestHandler(), users: true });
  const { server } = backend;
  if (dev) {
    // Next's dev server keeps its own websocket for hot reload next to Socket.IO's.
    const upgrade = web.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io/")) void upgrade(req, socket, head);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  logger.info({ url: `http://${config.HOST}:${config.PORT}`, ib: `${config.IB_HOST}:${config.IB_PORT}` }, "RiskDesk listening");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await backend.close();
    await web.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`riskdesk: ${error.message}`);
    process.exit(2);
  }
  console.error("riskdesk: failed to start", error);
  process.exit(1);
});
