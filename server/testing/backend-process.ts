/**
 * RiskDesk's backend as its own process, without the pages (no `next build` needed), for
 * tests that must see the process survive: configured from the environment like
 * server/main.ts, logging JSON lines to stdout, and announcing its port on the first line.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { startBackend } from "@/server/backend";
import { loadConfig } from "@/server/config";
import { createLogger } from "@/server/logger";
import { installProcessGuards } from "@/server/process-guards";

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
installProcessGuards(logger);
const { server } = await startBackend(config, logger);
server.listen(config.PORT, config.HOST);
await once(server, "listening");
logger.info({ port: (server.address() as AddressInfo).port }, "backend listening");
