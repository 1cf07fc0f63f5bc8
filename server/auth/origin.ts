import type { IncomingHttpHeaders } from "node:http";

/**
 * Whether a request comes from RiskDesk's own pages: its Origin (or, without one, its
 * Referer's origin) and its Host are those of a configured public origin. A request that
 * names no origin at all is refused too: browsers send one on every cross-origin and every
 * state-changing request, so only non-browser clients omit it, and they can send it.
 */
export function sameOrigin(headers: IncomingHttpHeaders, allowedOrigins: readonly string[]): boolean {
  const origin = headers.origin ?? originOf(headers.referer);
  if (!origin || !allowedOrigins.includes(origin)) return false;
  return allowedOrigins.some((allowed) => new URL(allowed).host === headers.host);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
