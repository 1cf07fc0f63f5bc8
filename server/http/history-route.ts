import { historyQuerySchema, type HistoryQuery } from "@/lib/history";
import { parseScope, type Scope } from "@/lib/scope";
import { readCloses } from "@/server/history/closes";
import { readHistory } from "@/server/history/history-query";
import type { StoreClient } from "@/server/store/database";
import { parseQuery } from "./query-params";
import type { JsonRoute } from "./request-handler";
import type { ScopeAccess } from "./scope-access";

export const HISTORY_PATH = "/api/history";
export const CLOSES_PATH = "/api/history/closes";

/**
 * A GET route over `?scope=<scope id>&range=today|5d|1m`: a bad query is a 400 naming what is
 * wrong, a scope the request may not read a 403; otherwise `answer` gives the body.
 */
function scopedRoute(mayRead: ScopeAccess, answer: (query: HistoryQuery) => Promise<unknown>): JsonRoute {
  return async (query, reader) => {
    const parsed = parseQuery(query, historyQuerySchema);
    if (!parsed.ok) return parsed.reply;
    if (!mayRead(reader, parsed.value.scope)) return { status: 403, body: { error: "this scope is not yours to read" } };
    return { status: 200, body: await answer(parsed.value) };
  };
}

/** GET /api/history: one scope's stored figures over the range, thinned to a bounded number of points. */
export function historyRoute(client: StoreClient, mayRead: ScopeAccess, now: () => number = Date.now): JsonRoute {
  return scopedRoute(mayRead, ({ scope, range }) => readHistory(client, scope, range, now()));
}

/** GET /api/history/closes: each account of the scope at the close of each day of the range. */
export function closesRoute(
  client: StoreClient,
  mayRead: ScopeAccess,
  accountsOf: (scope: Scope) => readonly string[],
  now: () => number = Date.now,
): JsonRoute {
  return scopedRoute(mayRead, async ({ scope, range }) => ({ scope, range, closes: await readCloses(client, accountsOf(parseScope(scope)), range, now()) }));
}
