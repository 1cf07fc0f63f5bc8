import { randomBytes } from "node:crypto";
import { ServerResponse, type IncomingMessage } from "node:http";
import { getIronSession, nodeCookies, type IronSession, type SessionOptions } from "iron-session";
import type { Config } from "@/server/config";
import type { Logger } from "@/server/logger";

/** What the encrypted cookie holds: the CSRF token from the first visit, and after a login who and which session version. */
export interface SessionData {
  csrfToken: string;
  userId: number;
  sessionVersion: number;
}

export type Session = IronSession<SessionData>;

export const SESSION_COOKIE = "riskdesk_session";
/** A session lasts a working day and a half; the desk logs in again the next morning. */
const SESSION_TTL_S = 36 * 3600;

/**
 * iron-session's options: an encrypted, httpOnly, SameSite=Lax cookie, Secure when RiskDesk is
 * served over TLS. Without SESSION_SECRET (never in production, see config) a random secret
 * lives as long as the process.
 */
export function sessionOptions(config: Pick<Config, "SESSION_SECRET" | "PUBLIC_URL">, logger: Logger): SessionOptions {
  if (!config.SESSION_SECRET) logger.warn("SESSION_SECRET is not set: sessions end when RiskDesk restarts");
  return {
    cookieName: SESSION_COOKIE,
    password: config.SESSION_SECRET ?? randomBytes(32).toString("base64url"),
    ttl: SESSION_TTL_S,
    cookieOptions: {
      httpOnly: true,
      sameSite: "lax",
      secure: config.PUBLIC_URL?.startsWith("https:") ?? false,
      path: "/",
    },
    onUnsealError: (reason) => {
      if (reason !== "expired") logger.warn({ reason }, "refused a session cookie that does not unseal");
    },
  };
}

export function readSession(request: IncomingMessage, response: ServerResponse, options: SessionOptions): Promise<Session> {
  return getIronSession<SessionData>(nodeCookies(request, response), options);
}

/** The session of a request nothing is answered to (the socket's handshake): read, never written. */
export function readSessionOnly(request: IncomingMessage, options: SessionOptions): Promise<Session> {
  return readSession(request, new ServerResponse(request), options);
}
