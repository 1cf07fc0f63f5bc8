import type { Alert, AlertLevel, AlertRule } from "@/lib/alerts";
import type { Prisma } from "@/server/store/generated/sqlite/client";
import type { AlertRecordEntry, WriteQueue } from "@/server/store/write-queue";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";

/** An alert as its store row: the row of the same alertId is overwritten with each transition. */
export function alertRecord(alert: Alert): AlertRecordEntry {
  return {
    alertId: alert.id,
    key: alert.key,
    rule: alert.rule,
    scope: alert.scope,
    subject: alert.subject,
    level: alert.level,
    message: alert.message,
    value: alert.value,
    threshold: alert.threshold,
    raisedAt: new Date(alert.raisedAt),
    levelSince: new Date(alert.levelSince),
    acknowledgedBy: alert.acknowledged?.by ?? null,
    acknowledgedAt: alert.acknowledged ? new Date(alert.acknowledged.at) : null,
    note: alert.acknowledged?.note ?? null,
    clearedAt: alert.clearedAt === null ? null : new Date(alert.clearedAt),
  };
}

/** A stored row as the alert it records (the inverse of alertRecord). */
export function alertOfRecord(row: Prisma.AlertGetPayload<object>): Alert {
  return {
    id: row.alertId,
    key: row.key,
    rule: row.rule as AlertRule,
    scope: row.scope,
    subject: row.subject,
    level: row.level as AlertLevel,
    message: row.message,
    value: row.value,
    threshold: row.threshold,
    raisedAt: row.raisedAt.getTime(),
    levelSince: row.levelSince.getTime(),
    acknowledged: row.acknowledgedBy && row.acknowledgedAt ? { by: row.acknowledgedBy, at: row.acknowledgedAt.getTime(), note: row.note } : null,
    clearedAt: row.clearedAt?.getTime() ?? null,
  };
}

/** Keeps the alert history: every raise, level change, acknowledgement and clear goes to the store off the hot path. */
export function recordAlertChanges(writes: Pick<WriteQueue, "addAlert">): (changes: readonly AlertTransition[]) => void {
  return (changes) => {
    for (const { alert } of changes) writes.addAlert(alertRecord(alert));
  };
}
