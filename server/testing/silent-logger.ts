import { pino } from "pino";
import type { Logger } from "@/server/logger";

/** A logger for tests; LOG_LEVEL=debug shows what the code under test logs. */
export function testLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? "silent" });
}
