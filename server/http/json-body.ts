import type { IncomingMessage } from "node:http";

/** A request body refused, with the status and words to answer it with. */
export class BodyError extends Error {
  override name = "BodyError";
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON body of at most `limitBytes`; a larger one is refused as soon as it passes the limit. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers["content-type"] ?? "")) throw new BodyError(415, "the body must be application/json");
  if (Number(request.headers["content-length"] ?? 0) > limitBytes) throw new BodyError(413, `the body is larger than ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyError(413, `the body is larger than ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    throw new BodyError(400, "the body is not valid JSON");
  }
}
