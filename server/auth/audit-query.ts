import { actionMatch, type AuditFilter, type AuditPage, type AuditQuery, type AuditRecord } from "@/lib/audit";
import type { StoreClient } from "@/server/store/database";

type Row = Awaited<ReturnType<StoreClient["auditRecord"]["findMany"]>>[number];

const whereOf = ({ actor, action, from, to }: AuditFilter) => ({
  actor,
  action: action === undefined ? undefined : actionMatch(action),
  at: from || to ? { gte: from ? new Date(from) : undefined, lt: to ? new Date(to) : undefined } : undefined,
});

function recordOf(row: Row): AuditRecord {
  let details: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.details);
    details = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    details = { text: row.details };
  }
  return { id: row.id, at: row.at.toISOString(), actor: row.actor, address: row.address, action: row.action, details, outcome: row.outcome };
}

// Records are appended: the newest has the highest id, and ids order records written in the same millisecond too.
const NEWEST_FIRST = { id: "desc" } as const;

/** One page of the records the filter matches, newest first, and how many it matches in all. */
export async function readAuditPage(client: StoreClient, { page, pageSize, ...filter }: AuditQuery): Promise<AuditPage> {
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    client.auditRecord.findMany({ where, orderBy: NEWEST_FIRST, skip: (page - 1) * pageSize, take: pageSize }),
    client.auditRecord.count({ where }),
  ]);
  return { records: rows.map(recordOf), total, page, pageSize };
}

/** Every record the filter matches, newest first, read in batches so a long log never sits in memory whole. */
export async function* readAuditRecords(client: StoreClient, filter: AuditFilter, batchSize = 1000): AsyncGenerator<AuditRecord[]> {
  let below: number | undefined;
  for (;;) {
    const where = { ...whereOf(filter), ...(below === undefined ? {} : { id: { lt: below } }) };
    const rows = await client.auditRecord.findMany({ where, orderBy: NEWEST_FIRST, take: batchSize });
    if (rows.length === 0) return;
    yield rows.map(recordOf);
    if (rows.length < batchSize) return;
    below = rows.at(-1)!.id;
  }
}
