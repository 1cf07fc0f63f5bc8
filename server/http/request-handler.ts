import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthRoutes } from "@/server/auth/auth-routes";
import type { Logger } from "@/server/logger";

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
/** Next.js's request handler, or whatever serves the pages. */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export interface RequestHandlerOptions {
  /** The body of GET /healthz: cheap, and answered even while the IB link is down. */
  health: () => unknown;
  pages?: PageHandler;
  /** Sessions, login and logout, and the guard of every state-changing request. */
  auth?: AuthRoutes;
  logger: Logger;
}

/**
 * RiskDesk's own HTTP routes in front of the pages. A request target that is not a path
 * (`GET *`, `OPTIONS *`, a proxy's absolute URL) is refused here, because the page handler
 * would throw on it; any failure answers a plain 500 and is logged, never echoed.
 */
export function createRequestHandler({ health, pages, auth, logger }: RequestHandlerOptions): RequestHandler {
  const fail = (request: IncomingMessage, response: ServerResponse) => (error: unknown) => {
    logger.error({ err: error, method: request.method, url: request.url }, "a request failed");
    if (!response.headersSent) reply(response, 500, { error: "internal error" });
    else response.destroy();
  };
  const serve = async (request: IncomingMessage, response: ServerResponse, url: string): Promise<void> => {
    if (auth) {
      const answer = (status: number, body: unknown, headers?: Record<string, string>) => reply(response, status, body, headers);
      const session = await auth.session(request, response);
      if (!(await auth.guard(request, session, answer))) return;
      const path = url.split("?")[0]!;
      if (await auth.route(path, request, session, answer)) return;
      if (!(await auth.admitsPage(path, session))) {
        if (request.method !== "GET" && request.method !== "HEAD") return answer(401, { error: "log in first" });
        response.writeHead(303, { location: `/login?next=${encodeURIComponent(url)}`, "cache-control": "no-store" });
        return void response.end();
      }
    }
    if (!pages) return reply(response, 404, { error: "not found" });
    await pages(request, response);
  };
  return (request, response) => {
    const url = request.url ?? "";
    if (!url.startsWith("/") || url.startsWith("//")) return reply(response, 400, { error: "the request target must be a path" });
    if (url === "/healthz" || url.startsWith("/healthz?")) {
      if (request.method !== "GET" && request.method !== "HEAD") return reply(response, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
      return reply(response, 200, health());
    }
    serve(request, response, url).catch(fail(request, response));
  };
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
