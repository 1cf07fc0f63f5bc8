import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * CSRF tokens as iron-session recommends: a random token kept in the encrypted session and
 * sent back by the page in a header on every state-changing request (a synchronizer token; a
 * cross-site page can neither read the cookie nor the token it holds).
 */
export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

export function csrfTokenMatches(expected: string | undefined, sent: string | string[] | undefined): boolean {
  if (!expected || typeof sent !== "string") return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
