import type { IncomingMessage, ServerResponse } from "node:http";
import type { SessionOptions } from "iron-session";
import { CSRF_HEADER, loginRequestSchema, type SessionInfo } from "@/lib/auth";
import { BodyError, readJsonBody } from "@/server/http/json-body";
import type { AuditLog } from "./audit";
import { csrfTokenMatches, newCsrfToken } from "./csrf";
import type { LoginLimiter } from "./login-limiter";
import { sameOrigin } from "./origin";
import { readSession, type Session } from "./session-cookie";
import type { SessionUser, UserDirectory } from "./users";

export interface AuthDependencies {
  users: UserDirectory;
  audit: AuditLog;
  limiter: LoginLimiter;
  session: SessionOptions;
  /** Origins whose pages may change state (config's publicOrigins). */
  origins: readonly string[];
}

export type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

const LOGIN_BODY_LIMIT = 4 * 1024;
/** What a browser needs before it has a session: the login page and the assets every page loads. */
const PUBLIC_PATHS = /^\/(login|icon\.svg|favicon\.ico)$|^\/_next\//;
const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export const addressOf = (request: IncomingMessage): string => request.socket.remoteAddress ?? "unknown";

/**
 * Sessions over HTTP: the guard every state-changing request passes (same origin, then the
 * session's CSRF token), and the JSON routes GET /api/session, POST /api/login and
 * POST /api/logout.
 */
export class AuthRoutes {
  constructor(private readonly deps: AuthDependencies) {}

  /** The user of a request's session, or null when it has none or it was ended. */
  async currentUser(session: Session): Promise<SessionUser | null> {
    if (session.userId === undefined || session.sessionVersion === undefined) return null;
    return this.deps.users.sessionUser(session.userId, session.sessionVersion);
  }

  get sessionOptions(): SessionOptions {
    return this.deps.session;
  }

  session(request: IncomingMessage, response: ServerResponse): Promise<Session> {
    return readSession(request, response, this.deps.session);
  }

  /** Whether a page may be served: to a live session, or the login page and its assets to anyone. */
  async admitsPage(path: string, session: Session): Promise<boolean> {
    return PUBLIC_PATHS.test(path) || (await this.currentUser(session)) !== null;
  }

  /** Refuses a state-changing request from another origin or without the session's token; true when it may go on. */
  async guard(request: IncomingMessage, session: Session, reply: Reply): Promise<boolean> {
    if (SAFE_METHODS.has(request.method ?? "GET")) return true;
    if (!sameOrigin(request.headers, this.deps.origins)) {
      reply(403, { error: "cross-site request refused: Origin and Host must be RiskDesk's public URL" });
      return false;
    }
    if (!csrfTokenMatches(session.csrfToken, request.headers[CSRF_HEADER])) {
      reply(403, { error: `missing or wrong CSRF token (send GET /api/session's csrfToken in the ${CSRF_HEADER} header)` });
      return false;
    }
    return true;
  }

  /** Answers /api/session, /api/login and /api/logout; false for any other path. */
  async route(path: string, request: IncomingMessage, session: Session, reply: Reply): Promise<boolean> {
    const method = request.method ?? "GET";
    const only = (allowed: string, handle: () => Promise<void>) =>
      method === allowed ? handle() : Promise.resolve(reply(405, { error: "method not allowed" }, { allow: allowed }));
    switch (path) {
      case "/api/session":
        await only("GET", () => this.describe(session, reply));
        return true;
      case "/api/login":
        await only("POST", () => this.login(request, session, reply));
        return true;
      case "/api/logout":
        await only("POST", () => this.logout(request, session, reply));
        return true;
      default:
        return false;
    }
  }

  private async describe(session: Session, reply: Reply): Promise<void> {
    if (!session.csrfToken) {
      session.csrfToken = newCsrfToken();
      await session.save();
    }
    const user = await this.currentUser(session);
    const info: SessionInfo = {
      user: user && { name: user.name, role: user.role, limited: user.grants.length > 0 },
      csrfToken: session.csrfToken,
      hasUsers: user !== null || (await this.deps.users.count()) > 0,
    };
    reply(200, info);
  }

  private async login(request: IncomingMessage, session: Session, reply: Reply): Promise<void> {
    const { users, audit, limiter } = this.deps;
    const address = addressOf(request);
    let body: unknown;
    try {
      body = await readJsonBody(request, LOGIN_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyError) return reply(error.status, { error: error.message });
      throw error;
    }
    const parsed = loginRequestSchema.safeParse(body);
    if (!parsed.success) return reply(400, { error: "a login is a JSON object with a user name and a password" });
    const { name, password } = parsed.data;
    const verdict = await limiter.attempt(name, address);
    if (!verdict.allowed) {
      await audit({ actor: name, address, action: "login.rateLimited", outcome: "refused" });
      return reply(429, { error: "too many login attempts: try again later" }, { "retry-after": String(verdict.retryAfterS) });
    }
    const user = await users.authenticate(name, password);
    if (!user) {
      await audit({ actor: name, address, action: "login.failed", outcome: "refused" });
      return reply(401, { error: "wrong user name or password" });
    }
    await limiter.succeeded(name);
    // A new token with the new identity: a token seen before the login is worth nothing after it.
    session.csrfToken = newCsrfToken();
    session.userId = user.id;
    session.sessionVersion = user.sessionVersion;
    await session.save();
    await audit({ actor: name, address, action: "login", outcome: "ok" });
    reply(200, { ok: true, csrfToken: session.csrfToken });
  }

  private async logout(request: IncomingMessage, session: Session, reply: Reply): Promise<void> {
    const user = await this.currentUser(session);
    if (user) {
      // The cookie is dropped, and any copy of it (another tab, a stolen one) ends with it.
      await this.deps.users.endSessions(user.id);
      await this.deps.audit({ actor: user.name, address: addressOf(request), action: "logout", outcome: "ok" });
    }
    session.destroy();
    reply(200, { ok: true });
  }
}
