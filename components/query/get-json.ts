import type { z } from "zod";

/** GETs JSON and validates it; a refusal throws the server's reason. */
export async function getJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, cache: "no-store" });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(typeof body === "object" && body && "error" in body ? String(body.error) : `${url}: HTTP ${response.status}`);
  return schema.parse(body);
}
