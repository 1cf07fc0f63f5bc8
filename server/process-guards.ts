import type { Logger } from "@/server/logger";

/** The process events the guards listen to, and how they end it (a test passes a fake). */
export interface GuardedProcess {
  on(event: "uncaughtException", listener: (error: Error, origin: string) => void): unknown;
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  exit(code: number): never | void;
}

/** Exit code for a crash, distinct from a bad configuration (2). */
export const CRASH_EXIT_CODE = 1;

/**
 * An exception nothing caught leaves the process in a state nobody planned for: it is logged
 * through pino (so it lands in the structured log, with its stack) and the process exits
 * non-zero so that a supervisor restarts it, rather than living on half-broken.
 */
export function installProcessGuards(logger: Logger, target: GuardedProcess = process): void {
  target.on("uncaughtException", (error, origin) => {
    logger.fatal({ err: error, origin }, "uncaught exception; exiting so that a supervisor restarts RiskDesk");
    target.exit(CRASH_EXIT_CODE);
  });
  target.on("unhandledRejection", (reason) => {
    logger.fatal({ err: reason }, "unhandled promise rejection; exiting so that a supervisor restarts RiskDesk");
    target.exit(CRASH_EXIT_CODE);
  });
}
