import type { z } from "zod";
import type { Role } from "@/lib/auth";
import type { SessionUser } from "@/server/auth/users";
import { BodyError } from "./json-body";

/** A request to a route that needs a logged-in user: any method, the path below the route's own, the user and its address. */
export interface ApiRequest {
  method: string;
  /** The path below the route's, decoded: "" for the route itself, else the segment after its "/". */
  subpath: string;
  query: URLSearchParams;
  user: SessionUser;
  address: string;
  /** The JSON body, within `limitBytes`. */
  body(limitBytes: number): Promise<unknown>;
}

/** JSON, or a text stream sent with its own content type (a CSV download). */
export type ApiReply =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: number; stream: AsyncIterable<string>; headers: Record<string, string> };

export type ApiRoute = (request: ApiRequest) => Promise<ApiReply>;

/** A refusal with its reason, as every JSON route answers one. */
export interface Refusal {
  status: number;
  body: { error: string };
}

/** The body of a 400: each problem zod found, with the field it concerns. */
export function invalid(error: z.ZodError): Refusal {
  const problems = error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
  return { status: 400, body: { error: problems.join("; ") } };
}

/** The request's body parsed by `schema`, or the reply refusing it. */
export async function parseBody<T>(request: ApiRequest, schema: z.ZodType<T>, limitBytes: number): Promise<{ data: T } | { refusal: Refusal }> {
  let body: unknown;
  try {
    body = await request.body(limitBytes);
  } catch (error) {
    if (error instanceof BodyError) return { refusal: { status: error.status, body: { error: error.message } } };
    throw error;
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? { data: parsed.data } : { refusal: invalid(parsed.error) };
}

/** A query string parsed by `schema`, refusing a parameter given twice. */
export function parseQuery<T>(query: URLSearchParams, schema: z.ZodType<T>): { data: T } | { refusal: Refusal } {
  if (new Set(query.keys()).size !== [...query.keys()].length) return { refusal: { status: 400, body: { error: "a parameter is given more than once" } } };
  const parsed = schema.safeParse(Object.fromEntries(query));
  return parsed.success ? { data: parsed.data } : { refusal: invalid(parsed.error) };
}

export const methodNotAllowed = (allow: string): ApiReply => ({ status: 405, body: { error: "method not allowed" }, headers: { allow } });

/** Wraps a route so that only these roles reach it; anyone else gets a 403 naming who may. */
export function forRoles(roles: readonly Role[], route: ApiRoute): ApiRoute {
  return (request) =>
    roles.includes(request.user.role)
      ? route(request)
      : Promise.resolve({ status: 403, body: { error: `only ${roles.join(" and ")} users may do this` } });
}
