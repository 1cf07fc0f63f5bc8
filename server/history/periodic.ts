import type { Logger } from "@/server/logger";

export interface PeriodicTask {
  /** Stops the interval and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs an async task on an interval, one run at a time; a failed run is logged and the next one tried. */
export function runPeriodically(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): PeriodicTask {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error, task: name }, "a periodic task failed"),
      )
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
