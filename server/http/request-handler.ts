import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@/server/logger";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
/** Next.js's request handler, or whatever serves the pages. */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface JsonReply {
  status: number;
  body: unknown;
}

/** A GET route answering JSON from the query string; the request is there for who is asking. */
export type JsonRoute = (query: URLSearchParams, request: IncomingMessage) => Promise<JsonReply>;

export interface RequestHandlerOptions {
  /** The body of GET /healthz: cheap, and answered even while the IB link is down. */
  health: () => unknown;
  /** JSON routes by path, e.g. /api/history. */
  routes?: Readonly<Record<string, JsonRoute>>;
  pages?: PageHandler;
  logger: Logger;
}

/**
 * RiskDesk's own HTTP routes in front of the pages. A request target that is not a path
 * (`GET *`, `OPTIONS *`, a proxy's absolute URL) is refused here, because the page handler
 * would throw on it; any failure answers a plain 500 and is logged, never echoed.
 */
export function createRequestHandler({ health, routes = {}, pages, logger }: RequestHandlerOptions): RequestHandler {
  const jsonRoutes = new Map<string, JsonRoute>([...Object.entries(routes), ["/healthz", async () => ({ status: 200, body: health() })]]);
  const fail = (request: IncomingMessage, response: ServerResponse, what: string) => (error: unknown) => {
    logger.error({ err: error, method: request.method, url: request.url }, `a ${what} request failed`);
    if (!response.headersSent) reply(response, 500, { error: "internal error" });
    else response.destroy();
  };
  return (request, response) => {
    const url = request.url ?? "";
    if (!url.startsWith("/") || url.startsWith("//")) return reply(response, 400, { error: "the request target must be a path" });
    const { pathname, searchParams } = new URL(url, "http://riskdesk.invalid");
    const route = jsonRoutes.get(pathname);
    if (route) {
      if (request.method !== "GET" && request.method !== "HEAD") return reply(response, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
      route(searchParams, request).then(({ status, body }) => reply(response, status, body), fail(request, response, "route"));
      return;
    }
    if (!pages) return reply(response, 404, { error: "not found" });
    pages(request, response).catch(fail(request, response, "page"));
  };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
