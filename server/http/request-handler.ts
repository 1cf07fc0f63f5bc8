import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { addressOf, type AuthRoutes } from "@/server/auth/auth-routes";
import type { Logger } from "@/server/logger";
import type { ApiReply, ApiRoute } from "./api-route";
import { readJsonBody } from "./json-body";
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

export interface RequestHandlerOptions {
  /** The body of GET /healthz: cheap, open to supervisors, and answered even while the IB link is down. */
  health: () => unknown;
  /** JSON routes by path, e.g. /api/history; with `auth`, only for a logged-in user. */
  routes?: Readonly<Record<string, JsonRoute>>;
  /** Routes for a logged-in user by path prefix, any method (e.g. /api/admin/users and /api/admin/users/<name>); only with `auth`. */
  userRoutes?: Readonly<Record<string, ApiRoute>>;
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
export function createRequestHandler({ health, routes = {}, userRoutes = {}, pages, auth, logger }: RequestHandlerOptions): RequestHandler {
  const jsonRoutes = new Map<string, JsonRoute>(Object.entries(routes));
  const userRouteOf = (pathname: string): { route: ApiRoute; subpath: string } | undefined => {
    for (const [prefix, route] of Object.entries(userRoutes)) {
      if (pathname === prefix) return { route, subpath: "" };
      if (pathname.startsWith(`${prefix}/`)) return { route, subpath: decodedSegment(pathname.slice(prefix.length + 1)) };
    }
    return undefined;
  };
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
    if (auth) {
      const answer = (status: number, body: unknown, headers?: Record<string, string>) => reply(response, status, body, headers);
      const session = await auth.session(request, response);
      if (!(await auth.guard(request, session, answer))) return;
      if (await auth.route(pathname, request, session, answer)) return;
      const user = await auth.currentUser(session);
      const userRoute = userRouteOf(pathname);
      if (user && userRoute) {
        const { route, subpath } = userRoute;
        const body = (limitBytes: number) => readJsonBody(request, limitBytes);
        return send(response, await route({ method: request.method ?? "GET", subpath, query: searchParams, user, address: addressOf(request), body }));
      }
      if (user) reader = user;
      else if (!(await auth.admitsPage(pathname, session))) {
        if (jsonRoutes.has(pathname) || userRoute || request.method !== "GET") return answer(401, { error: "log in first" });
        response.writeHead(303, { location: `/login?next=${encodeURIComponent(url)}`, "cache-control": "no-store" });
        return void response.end();
      }
    }
    const route = jsonRoutes.get(pathname);
    if (route) {
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

async function send(response: ServerResponse, answer: ApiReply): Promise<void> {
  if (!("stream" in answer)) return reply(response, answer.status, answer.body, answer.headers);
  response.writeHead(answer.status, { "cache-control": "no-store", ...answer.headers });
  for await (const chunk of answer.stream) {
    // A client that goes away mid-download never drains: stop reading for it.
    if (!response.write(chunk)) await Promise.race([once(response, "drain"), once(response, "close")]);
    if (response.destroyed) return;
  }
  response.end();
}

/** A path segment decoded; a malformed escape is kept as it came, so it matches nothing rather than failing the request. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
