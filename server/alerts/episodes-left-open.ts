import type { Alert } from "@/lib/alerts";
import type { Logger } from "@/server/logger";
import type { StoreClient } from "@/server/store/database";
import { alertOfRecord } from "./alert-recorder";

/** Added to the message of an episode the previous run left open, so the history says why it ended. */
export const CLOSED_BY_RESTART = " [closed at start-up: RiskDesk stopped while it was active]";
const MESSAGE_LIMIT = 500;

/**
 * Closes the alert episodes the previous run left open (it stopped or died while they were
 * active): they are cleared at this start and their message says so. The new run knows
 * nothing of them; a condition that still holds raises a new episode. Runs before the
 * monitor starts, so it never touches an episode of this run. Returns the episodes as closed.
 */
export async function closeEpisodesLeftOpen(client: StoreClient, startedAt: Date, logger: Logger): Promise<Alert[]> {
  const open = await client.alert.findMany({ where: { clearedAt: null }, select: { id: true, message: true } });
  if (open.length === 0) return [];
  const closed = await client.$transaction(
    open.map(({ id, message }) =>
      client.alert.update({
        where: { id },
        data: { clearedAt: startedAt, message: `${message.slice(0, MESSAGE_LIMIT - CLOSED_BY_RESTART.length)}${CLOSED_BY_RESTART}` },
      }),
    ),
  );
  logger.info({ closed: open.length }, "alert episodes left open by the previous run were closed; conditions that still hold raise new ones");
  return closed.map(alertOfRecord);
}
