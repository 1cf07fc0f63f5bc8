import { pino } from "pino";
import type { Logger } from "@/server/logger";

export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A logger that keeps every line it writes, for tests that assert what was logged. */
export function capturingLogger(): { logger: Logger; lines: LogLine[]; warnings: () => LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines, warnings: () => lines.filter((line) => line.level === pino.levels.values.warn) };
}
