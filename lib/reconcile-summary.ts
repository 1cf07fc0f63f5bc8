import type { ReconcileReport } from "./stream";

/** One line for the log and the panel, e.g. "2 added, 1 removed, 3 changed, 40 unchanged". */
export function describeReconcile({ positions }: ReconcileReport): string {
  const { added, removed, changed, unchanged } = positions;
  if (!added.count && !removed.count && !changed.count) return `positions unchanged (${unchanged})`;
  return `positions: ${added.count} added, ${removed.count} removed, ${changed.count} changed quantity, ${unchanged} unchanged`;
}
