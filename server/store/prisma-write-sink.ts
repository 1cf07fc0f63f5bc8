import type { StoreClient } from "./database";
import type { WriteSink } from "./write-queue";

/** Writes a queued batch into the store: every row of it in one transaction, or none. */
export function prismaWriteSink(client: StoreClient): WriteSink {
  return {
    async write({ samples, alerts }) {
      await client.$transaction([
        ...(samples.length > 0 ? [client.figureSample.createMany({ data: samples })] : []),
        ...alerts.map((alert) => client.alert.upsert({ where: { alertId: alert.alertId }, create: alert, update: alert })),
      ]);
    },
  };
}
