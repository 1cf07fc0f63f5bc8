import { stringify } from "csv-stringify/sync";
import { auditFilterSchema, auditQuerySchema, type AuditFilter, type AuditRecord } from "@/lib/audit";
import type { Role } from "@/lib/auth";
import type { AuditLog } from "@/server/auth/audit";
import { readAuditPage, readAuditRecords } from "@/server/auth/audit-query";
import type { StoreClient } from "@/server/store/database";
import { forRoles, methodNotAllowed, parseQuery, type ApiReply, type ApiRoute } from "./api-route";

/** The roles that may read the audit log (when not limited by grants). */
const AUDIT_READERS: readonly Role[] = ["riskManager", "admin"];

export const AUDIT_CSV_HEADER = ["id", "at", "actor", "address", "action", "outcome", "details"] as const;

/**
 * The audit log names every account's orders (a cancel's record lists them), so only a user
 * without grants reads it: a user limited to some accounts is refused whatever its role.
 */
const unlimitedOnly =
  (route: ApiRoute): ApiRoute =>
  (request) =>
    request.user.grants.length === 0
      ? route(request)
      : Promise.resolve({ status: 403, body: { error: "the audit log covers every account: a user limited by grants may not read it" } });

/** The audit routes answer GET on their own path, nothing below it. */
const getOnly =
  (route: ApiRoute): ApiRoute =>
  async (request) => {
    if (request.subpath !== "") return { status: 404, body: { error: "not found" } };
    return request.method === "GET" ? route(request) : methodNotAllowed("GET");
  };

/** Who may read the audit log: risk managers and admins without grants. */
const forAuditReaders = (route: ApiRoute): ApiRoute => forRoles(AUDIT_READERS, unlimitedOnly(getOnly(route)));

/** GET /api/audit?actor&action&from&to&page&pageSize: one page of the audit log, newest first, for unlimited risk managers and admins. */
export function auditRoute(client: StoreClient): ApiRoute {
  return forAuditReaders(async (request) => {
    const parsed = parseQuery(request.query, auditQuerySchema);
    if ("refusal" in parsed) return parsed.refusal;
    return { status: 200, body: await readAuditPage(client, parsed.data) };
  });
}

/**
 * CSV rows of records. A cell a spreadsheet would read as a formula (= + - @, tab or CR first)
 * is written with a leading quote: an actor name or a detail is whatever someone typed.
 */
function auditCsv(records: readonly AuditRecord[], withHeader: boolean): string {
  const rows = records.map((record) => [record.id, record.at, record.actor, record.address ?? "", record.action, record.outcome, JSON.stringify(record.details)]);
  return stringify(withHeader ? [[...AUDIT_CSV_HEADER], ...rows] : rows, { escape_formulas: true, record_delimiter: "windows" });
}

async function* csvOf(client: StoreClient, filter: AuditFilter): AsyncGenerator<string> {
  yield auditCsv([], true);
  for await (const batch of readAuditRecords(client, filter)) yield auditCsv(batch, false);
}

/** GET /api/audit.csv?actor&action&from&to: every record the filter matches, newest first, as a CSV download. The export is audited. */
export function auditCsvRoute(client: StoreClient, audit: AuditLog, now: () => Date = () => new Date()): ApiRoute {
  return forAuditReaders(async (request): Promise<ApiReply> => {
    const parsed = parseQuery(request.query, auditFilterSchema);
    if ("refusal" in parsed) return parsed.refusal;
    await audit({ actor: request.user.name, address: request.address, action: "audit.exported", details: { ...parsed.data }, outcome: "ok" });
    const stamp = now().toISOString().replace(/[:.]/g, "-");
    return {
      status: 200,
      stream: csvOf(client, parsed.data),
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="riskdesk-audit-${stamp}.csv"` },
    };
  });
}
