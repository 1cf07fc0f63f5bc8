import type { z } from "zod";
import type { JsonReply } from "./request-handler";

/** A query string judged by a schema: its value, or the 400 that names what is wrong. */
export function parseQuery<T>(query: URLSearchParams, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; reply: JsonReply } {
  if (new Set(query.keys()).size !== [...query.keys()].length) return { ok: false, reply: { status: 400, body: { error: "a parameter is given more than once" } } };
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return { ok: false, reply: { status: 400, body: { error: problems.join("; ") } } };
}
