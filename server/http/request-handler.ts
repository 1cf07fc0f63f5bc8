import type { IncomingMessage, ServerResponse } from "node:http";
import { addressOf, type AuthRoutes } from "@/server/auth/auth-routes";
import type { SessionUser } from "@/server/auth/users";
import { BodyError, readJsonBody } from "./json-body";
import type { Logger } from "@/server/logger";
import { UNLIMITED_READER, type Reader } from "./scope-access";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
/** Next.js's request handler, or whatever serves the pages. */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface JsonReply {
  status: number;
  body: unknown;
}

/** A GET route answering JSON from the query string, for a reader with its grants. */
export type JsonRoute = (query: URLSearchParams, reader: Reader) => Promise<JsonReply>;

/** A logged-in user changing state, from an address. */
export interface Actor extends SessionUser {
  address: string;
}

/** A PUT route taking a JSON body, for a logged-in user (past the origin and CSRF guard); it checks the user's role itself. */
export type JsonAction = (body: unknown, actor: Actor) => Promise<JsonReply>;

const ACTION_BODY_LIMIT = 64 * 1024;

export interface RequestHandlerOptions {
  /** The body of GET /healthz: cheap, open to supervisors, and answered even while the IB link is down. */
  health: () => unknown;
  /** JSON routes by path, e.g. /api/history; with `auth`, only for a logged-in user. */
  routes?: Readonly<Record<string, JsonRoute>>;
  /** PUT routes by path (the same path may have a GET route); only with `auth`. */
  actions?: Readonly<Record<string, JsonAction>>;
  pages?: PageHandler;
  /** Sessions, login and logout, and the guard of every state-changing request. */
  auth?: AuthRoutes;
  logger: Logger;
}

const HEALTH_PATH = "/healthz";

/**
 * RiskDesk's own HTTP routes in front of the pages. A request target that is not a path
 * (`GET *`, `OPTIONS *`, a proxy's absolute URL) is refused here, because the page handler
 * would throw on it; any failure answers a plain 500 and is logged, never echoed. With auth,
 * everything but /healthz, the login page and its assets needs a live session.
 */
export function createRequestHandler({ health, routes = {}, actions = {}, pages, auth, logger }: RequestHandlerOptions): RequestHandler {
  const jsonRoutes = new Map<string, JsonRoute>(Object.entries(routes));
  const jsonActions = new Map<string, JsonAction>(Object.entries(actions));
  const fail = (request: IncomingMessage, response: ServerResponse) => (error: unknown) => {
    logger.error({ err: error, method: request.method, url: request.url }, "a request failed");
    if (!response.headersSent) reply(response, 500, { error: "internal error" });
    else response.destroy();
  };
  const getOnly = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method === "GET" || request.method === "HEAD") return true;
    reply(response, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
    return false;
  };

  const serve = async (request: IncomingMessage, response: ServerResponse, url: string): Promise<void> => {
    const { pathname, searchParams } = new URL(url, "http://riskdesk.invalid");
    if (pathname === HEALTH_PATH) return void (getOnly(request, response) && reply(response, 200, health()));
    let reader = UNLIMITED_READER;
    let user: SessionUser | null = null;
    if (auth) {
      const answer = (status: number, body: unknown, headers?: Record<string, string>) => reply(response, status, body, headers);
      const session = await auth.session(request, response);
      if (!(await auth.guard(request, session, answer))) return;
      if (await auth.route(pathname, request, session, answer)) return;
      user = await auth.currentUser(session);
      if (user) reader = user;
      else if (!(await auth.admitsPage(pathname, session))) {
        if (jsonRoutes.has(pathname) || jsonActions.has(pathname) || request.method !== "GET") return answer(401, { error: "log in first" });
        response.writeHead(303, { location: `/login?next=${encodeURIComponent(url)}`, "cache-control": "no-store" });
        return void response.end();
      }
    }
    const action = jsonActions.get(pathname);
    if (action && request.method === "PUT") {
      if (!user) return reply(response, 401, { error: "log in first" });
      let body: unknown;
      try {
        body = await readJsonBody(request, ACTION_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyError) return reply(response, error.status, { error: error.message });
        throw error;
      }
      const { status, body: answer } = await action(body, { ...user, address: addressOf(request) });
      return reply(response, status, answer);
    }
    const route = jsonRoutes.get(pathname);
    if (route) {
      if (action && request.method !== "GET" && request.method !== "HEAD") return reply(response, 405, { error: "method not allowed" }, { allow: "GET, HEAD, PUT" });
      if (!getOnly(request, response)) return;
      const { status, body } = await route(searchParams, reader);
      return reply(response, status, body);
    }
    if (!pages) return reply(response, 404, { error: "not found" });
    await pages(request, response);
  };

  return (request, response) => {
    const url = request.url ?? "";
    if (!url.startsWith("/") || url.startsWith("//")) return reply(response, 400, { error: "the request target must be a path" });
    serve(request, response, url).catch(fail(request, response));
  };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
