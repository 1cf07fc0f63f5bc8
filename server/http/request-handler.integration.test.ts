import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { request as rawRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { testLogger } from "@/server/testing/silent-logger";
import { createRequestHandler } from "./request-handler";

/** Sends a request whose target is sent as written (fetch would normalise `*`). */
function send(port: number, method: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = rawRequest({ host: "127.0.0.1", port, method, path: target }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("RiskDesk's HTTP routes", () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer(
      createRequestHandler({
        logger: testLogger(),
        health: () => ({ ok: true }),
        pages: async (req, res) => {
          if (req.url === "/fails") throw new Error("secret internals at /srv/app.js:12");
          res.end("page");
        },
      }),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  test("GET * and OPTIONS * are refused with 400, not passed to the pages", async () => {
    for (const method of ["GET", "OPTIONS"]) {
      const { status, body } = await send(port, method, "*");
      assert.equal(status, 400, method);
      assert.match(body, /must be a path/);
    }
  });

  test("an absolute-form target is refused too", async () => {
    assert.equal((await send(port, "GET", "http://evil.example/")).status, 400);
  });

  test("a failing page answers a plain 500 without the error's text", async () => {
    const { status, body } = await send(port, "GET", "/fails");
    assert.equal(status, 500);
    assert.doesNotMatch(body, /secret|app\.js/);
  });

  test("/healthz answers GET and refuses other methods", async () => {
    assert.deepEqual(await send(port, "GET", "/healthz"), { status: 200, body: '{"ok":true}' });
    assert.equal((await send(port, "POST", "/healthz")).status, 405);
    assert.equal((await send(port, "GET", "/")).body, "page");
  });
});
