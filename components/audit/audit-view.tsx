"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import {
  AUDIT_CSV_PATH,
  AUDIT_PAGE_SIZE,
  AUDIT_PATH,
  auditPageSchema,
  auditSearch,
  CANCEL_ACTIONS_FILTER,
  CONTROL_ACTIONS,
  SECURITY_ACTIONS,
  type AuditFilter,
} from "@/lib/audit";
import { getJson } from "@/components/query/get-json";
import { describeDetails } from "./describe-details";
import headings from "@/components/layout/headings.module.css";
import emptyState from "@/components/layout/empty-state.module.css";
import table from "@/components/layout/data-table.module.css";
import controls from "@/components/controls/labelled-control.module.css";
import styles from "./audit-view.module.css";

/** A datetime-local field's value (the browser's local time) as an instant, or nothing when empty. */
const instant = (value: FormDataEntryValue | null) => (value ? new Date(String(value)).toISOString() : undefined);
const text = (value: FormDataEntryValue | null) => (value ? String(value).trim() || undefined : undefined);

/** The audit log, newest first, filtered by user, action and time, a page at a time, with the same filter as a CSV download. */
export function AuditView() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ["audit", filter, page],
    queryFn: ({ signal }) => getJson(`${AUDIT_PATH}?${auditSearch(filter, { page, pageSize: AUDIT_PAGE_SIZE })}`, auditPageSchema, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / log.data.pageSize)) : 1;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    setFilter({ actor: text(fields.get("actor")), action: text(fields.get("action")), from: instant(fields.get("from")), to: instant(fields.get("to")) });
    setPage(1);
  }

  return (
    <section className={headings.section} aria-labelledby="audit-heading">
      <h1 id="audit-heading" className={headings.pageTitle}>
        Audit log {log.data && <span className={headings.note}>{log.data.total === 1 ? "1 record" : `${log.data.total} records`}</span>}
      </h1>
      <form className={controls.filters} onSubmit={apply} aria-label="Filter the audit log" data-testid="audit-filters">
        <label className={controls.stacked}>
          User
          <input name="actor" maxLength={128} autoComplete="off" />
        </label>
        <label className={controls.stacked}>
          Action
          <input name="action" list="audit-actions" maxLength={64} autoComplete="off" />
          <datalist id="audit-actions">
            <option value={CANCEL_ACTIONS_FILTER} label="Every step of every order cancel" />
            {[...SECURITY_ACTIONS, ...CONTROL_ACTIONS].map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
        </label>
        <label className={controls.stacked}>
          From
          <input name="from" type="datetime-local" step={1} />
        </label>
        <label className={controls.stacked}>
          To
          <input name="to" type="datetime-local" step={1} />
        </label>
        <button type="submit" className={styles.button}>
          Filter
        </button>
        <a className={styles.button} href={`${AUDIT_CSV_PATH}?${auditSearch(filter)}`} download data-testid="audit-csv">
          Download CSV
        </a>
      </form>
      {log.error ? (
        <p className={emptyState.empty} role="alert">
          The audit log could not be read: {log.error.message}
        </p>
      ) : !log.data ? (
        <p className={emptyState.empty} role="status">
          {"Loading the audit log\u2026"}
        </p>
      ) : log.data.records.length === 0 ? (
        <p className={emptyState.empty}>No record matches this filter.</p>
      ) : (
        <>
          <div className={table.scroller}>
            <table className={table.table} data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">User</th>
                  <th scope="col">Address</th>
                  <th scope="col">Action</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.records.map((record) => (
                  <tr key={record.id} data-testid="audit-row" data-action={record.action} data-actor={record.actor}>
                    <td>{new Date(record.at).toLocaleString()}</td>
                    <td>{record.actor}</td>
                    <td>{record.address ?? "\u2014"}</td>
                    <td>{record.action}</td>
                    <td>{record.outcome}</td>
                    <td className={styles.details}>
                      {describeDetails(record).map((line, index) => (
                        <div key={index}>{line}</div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={styles.pager} aria-label="Audit pages">
            <button type="button" className={styles.button} disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Newer
            </button>
            <span>
              Page {page} of {pages}
            </span>
            <button type="button" className={styles.button} disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Older
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
