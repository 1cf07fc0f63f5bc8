import { historyQuerySchema } from "@/lib/history";
import { readHistory } from "@/server/history/history-query";
import type { StoreClient } from "@/server/store/database";
import type { JsonRoute } from "./request-handler";
import type { ScopeAccess } from "./scope-access";

export const HISTORY_PATH = "/api/history";

/**
 * GET /api/history?scope=<scope id>&range=today|5d|1m: one scope's stored figures over the
 * range, thinned to a bounded number of points. A bad query is a 400 naming what is wrong.
 */
export function historyRoute(client: StoreClient, mayRead: ScopeAccess, now: () => number = Date.now): JsonRoute {
  return async (query, request) => {
    if (new Set(query.keys()).size !== [...query.keys()].length) return { status: 400, body: { error: "a parameter is given more than once" } };
    const parsed = historyQuerySchema.safeParse(Object.fromEntries(query));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
      return { status: 400, body: { error: problems.join("; ") } };
    }
    const { scope, range } = parsed.data;
    if (!mayRead(request, scope)) return { status: 403, body: { error: "this scope is not yours to read" } };
    return { status: 200, body: await readHistory(client, scope, range, now()) };
  };
}
