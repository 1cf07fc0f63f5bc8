import { CSRF_HEADER, sessionInfoSchema, type LoginRequest, type SessionInfo } from "@/lib/auth";

export const SESSION_QUERY_KEY = ["session"] as const;

export async function fetchSession(): Promise<SessionInfo> {
  const response = await fetch("/api/session", { cache: "no-store" });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return sessionInfoSchema.parse(await response.json());
}

/** Sends JSON (POST, PATCH, DELETE) with the session's CSRF token; the server's error message, or null on success. */
export async function sendJson(method: string, path: string, csrfToken: string, body?: unknown): Promise<string | null> {
  const response = await fetch(path, {
    method,
    headers: { "content-type": "application/json", [CSRF_HEADER]: csrfToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof answer?.error === "string" ? answer.error : `the server answered ${response.status}`;
}

export const logIn = (csrfToken: string, login: LoginRequest) => sendJson("POST", "/api/login", csrfToken, login);
export const logOut = (csrfToken: string) => sendJson("POST", "/api/logout", csrfToken, {});
