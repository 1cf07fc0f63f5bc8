/**
 * Optional HTTP control surface for scripting incidents in demos: loopback only, JSON in and
 * out, bodies validated with zod (a bad body gets 400 with the reasons). A web page must not
 * be able to drive it from a browser on the same machine: requests from another origin or
 * host name are refused, and every POST must say `application/json` (which a cross-site form
 * or a "simple" fetch cannot send without a preflight that this server never answers).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { UnknownPositionError, type SimGateway } from "./gateway";
import { STANDARD_TAGS } from "./handlers/account-summary-tags";
import { UnknownSymbolError } from "./model/prices";
import { UnknownAccountError } from "./model/simulation";
import { InvalidTradeError } from "./model/trading";
import { OrderRejection } from "./model/orders";

const MAX_BODY_BYTES = 64 * 1024;

/** "unset": IB's unset double; a number or text: sent as written (garbage included); null: the true value again. */
const wireOverride = z.union([z.number(), z.string().max(1024), z.null()]);

const schemas = {
  step: z.object({ ticks: z.number().int().min(1).max(100_000).default(1) }).strict(),
  shock: z.object({ percent: z.number().gt(-100).max(1000), symbol: z.string().min(1).optional() }).strict(),
  restart: z.object({ downMs: z.number().int().min(0).max(600_000) }).strict(),
  connectivity: z.object({ code: z.union([z.literal(1100), z.literal(1101), z.literal(1102)]) }).strict(),
  trade: z
    .object({ account: z.string().min(1), conId: z.number().int().positive(), quantity: z.number().finite().min(-1e9).max(1e9) })
    .strict(),
  override: z.union([
    z.object({ account: z.string().min(1), tag: z.string().refine((tag) => STANDARD_TAGS.has(tag), "not a tag the simulator sends"), value: wireOverride }).strict(),
    z.object({ account: z.string().min(1), conId: z.number().int().positive(), field: z.enum(["position", "avgCost"]), value: wireOverride }).strict(),
  ]),
  positionsQuery: z.object({ account: z.string().min(1).optional() }).strict(),
  order: z
    .object({
      account: z.string(),
      symbol: z.string().min(1),
      action: z.enum(["BUY", "SELL"]),
      quantity: z.number().positive().max(1e9),
      orderType: z.string().min(1),
      lmtPrice: z.number().positive().optional(),
      auxPrice: z.number().positive().optional(),
      tif: z.string().min(1).optional(),
      clientId: z.number().int().min(0).max(2_147_483_647).optional(),
    })
    .strict(),
  readOnly: z.object({ on: z.boolean() }).strict(),
  empty: z.object({}).strict(),
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Route = (body: unknown, query: Record<string, string>) => unknown;

function routes(gateway: SimGateway): Record<string, Route> {
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const result = schema.safeParse(body ?? {});
    if (!result.success) throw new HttpError(400, "invalid body", z.flattenError(result.error));
    return result.data;
  };
  return {
    "GET /health": () => ({
      ok: true,
      port: gateway.port,
      tickCount: gateway.tickCount,
      paused: gateway.paused,
      clientIds: gateway.connectedClientIds(),
    }),
    "GET /accounts": () => ({
      fa: gateway.fa,
      masterAccount: gateway.masterAccount,
      groups: gateway.groups,
      accounts: gateway.accounts.map((id) => ({ id, alias: gateway.alias(id), figures: gateway.accountFigures(id) })),
    }),
    "GET /positions": (_body, query) => {
      const { account } = parse(schemas.positionsQuery, query);
      if (account !== undefined && !gateway.accounts.includes(account)) throw new HttpError(404, `unknown account ${account}`);
      return { positions: gateway.positions(account) };
    },
    "POST /trade": (body) => {
      const { account, conId, quantity } = parse(schemas.trade, body);
      if (!gateway.accounts.includes(account)) throw new HttpError(404, `unknown account ${account}`);
      try {
        return { changed: gateway.trade(account, conId, quantity) };
      } catch (error) {
        if (error instanceof InvalidTradeError) throw new HttpError(400, error.message);
        throw error;
      }
    },
    "GET /fa": () => gateway.faConfig(),
    "POST /pause": (body) => {
      parse(schemas.empty, body);
      gateway.pause();
      return { paused: gateway.paused };
    },
    "POST /resume": (body) => {
      parse(schemas.empty, body);
      gateway.resume();
      return { paused: gateway.paused };
    },
    "POST /step": (body) => {
      gateway.step(parse(schemas.step, body).ticks);
      return { tickCount: gateway.tickCount };
    },
    "POST /shock": (body) => {
      const { percent, symbol } = parse(schemas.shock, body);
      try {
        gateway.shock(percent, symbol);
      } catch (error) {
        if (error instanceof UnknownSymbolError) throw new HttpError(400, error.message);
        throw error;
      }
      return { shocked: symbol ?? "all", percent };
    },
    "POST /drop": (body) => {
      parse(schemas.empty, body);
      gateway.dropConnections();
      return { dropped: true };
    },
    "POST /restart": (body) => {
      const { downMs } = parse(schemas.restart, body);
      void gateway.restart(downMs);
      return { restarting: true, downMs };
    },
    "POST /override": (body) => {
      const request = parse(schemas.override, body);
      try {
        if ("tag" in request) gateway.overrideAccountValue(request.account, request.tag, request.value);
        else gateway.overridePosition(request.account, request.conId, request.field, request.value);
      } catch (error) {
        if (error instanceof UnknownAccountError || error instanceof UnknownPositionError) throw new HttpError(404, error.message);
        throw error;
      }
      return { overridden: request };
    },
    "GET /orders": () => ({ orders: gateway.orders() }),
    "POST /orders": (body) => {
      const placement = parse(schemas.order, body);
      try {
        return gateway.placeOrder(placement);
      } catch (error) {
        if (error instanceof OrderRejection) throw new HttpError(400, error.message, { code: error.code });
        throw error;
      }
    },
    "POST /read-only": (body) => {
      const { on } = parse(schemas.readOnly, body);
      gateway.setReadOnly(on);
      return { readOnly: gateway.readOnly };
    },
    "POST /connectivity": (body) => {
      const { code } = parse(schemas.connectivity, body);
      gateway.connectivity(code);
      return { sent: code };
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "body is not valid JSON");
  }
}

const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && (address.startsWith("127.") || address === "::1" || address.startsWith("::ffff:127."));
}

/** Why a request is not from a local script, or undefined when it is. */
function foreignRequest(request: IncomingMessage, port: number): HttpError | undefined {
  if (!isLoopbackAddress(request.socket.remoteAddress)) return new HttpError(403, "the control surface answers loopback only");
  const ownHosts = LOOPBACK_HOSTS.map((host) => `${host}:${port}`);
  if (!ownHosts.includes(request.headers.host ?? "")) return new HttpError(403, "unexpected Host header");
  const { origin } = request.headers;
  if (origin !== undefined && !ownHosts.some((host) => origin === `http://${host}`)) {
    return new HttpError(403, "cross-origin requests are refused");
  }
  const mediaType = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (request.method !== "GET" && mediaType !== "application/json") {
    return new HttpError(415, "send the body as application/json");
  }
  return undefined;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the control API on 127.0.0.1:`port` (0 = ephemeral). */
export async function startControlServer(gateway: SimGateway, port: number): Promise<ControlServer> {
  const table = routes(gateway);
  const server = createServer((request, response) => {
    const refused = foreignRequest(request, (server.address() as AddressInfo).port);
    if (refused) {
      reply(response, refused.status, { error: refused.message });
      request.resume();
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    const path = url.pathname;
    const route = table[`${request.method} ${path}`];
    if (!route) {
      const known = Object.keys(table).some((key) => key.endsWith(` ${path}`));
      reply(response, known ? 405 : 404, { error: known ? "method not allowed" : "not found" });
      return;
    }
    readJson(request)
      .then((body) => reply(response, 200, route(body, Object.fromEntries(url.searchParams))))
      .catch((error: unknown) => {
        if (error instanceof HttpError) reply(response, error.status, { error: error.message, details: error.details });
        else reply(response, 500, { error: error instanceof Error ? error.message : String(error) });
      });
  });
  server.listen({ host: "127.0.0.1", port });
  await once(server, "listening");
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
