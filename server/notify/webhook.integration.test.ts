import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { testAlert } from "@/lib/testing/alert";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { waitFor } from "@/server/testing/wait-for";
import { AlertWebhook, signature, SIGNATURE_HEADER, type WebhookEvent } from "./webhook";

const SECRET = "the receiver's shared secret";

interface Received {
  body: string;
  signature: string | undefined;
  at: number;
}

/** A webhook receiver on an ephemeral port that answers each POST as `answer` decides (by its number, from 1). */
async function receiver(answer: (attempt: number, request: IncomingMessage, response: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: request.headers[SIGNATURE_HEADER] as string | undefined, at: Date.now() });
      answer(received.length, request, response);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())), server };
}

describe("the alert webhook", () => {
  const closers: Array<() => unknown> = [];
  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  test("posts raises and clears in order, signed; a failed POST is retried with backoff until the receiver takes it", async () => {
    const hook = await receiver((attempt, _request, response) => {
      response.writeHead(attempt <= 2 ? 503 : 204).end();
    });
    closers.push(hook.close);
    const log = capturingLogger();
    const webhook = new AlertWebhook({ url: hook.url, secret: SECRET, baseDelayMs: 100, maxDelayMs: 1000 }, log.logger);
    closers.push(() => webhook.close());
    const raised = testAlert("a1", "account:DU1");
    const started = Date.now();
    webhook.notify([
      { change: "raised", alert: raised },
      { change: "acknowledged", alert: { ...raised, acknowledged: { by: "ada", at: 2_000, note: null } } },
      { change: "cleared", alert: { ...raised, clearedAt: 3_000 } },
    ]);
    assert.equal(webhook.state().queued, 2, "only raises and clears are posted, and notify returns before any POST");

    await waitFor("both events delivered", () => webhook.state().delivered === 2, 10_000);
    assert.equal(hook.received.length, 4, "two refused attempts, then the two events");
    const gaps = [hook.received[1]!.at - hook.received[0]!.at, hook.received[2]!.at - hook.received[1]!.at];
    assert.ok(gaps[0]! >= 90 && gaps[1]! >= 190, `the second retry waits twice as long as the first: ${gaps.join(", ")} ms`);
    assert.ok(Date.now() - started < 5000);
    for (const { body, signature: sent } of hook.received) assert.equal(sent, signature(body, SECRET), "every POST carries the body's HMAC");
    const events = hook.received.slice(2).map((entry) => JSON.parse(entry.body) as WebhookEvent);
    assert.deepEqual(
      events.map(({ id, type, alert }) => [id, type, alert.clearedAt]),
      [
        ["a1:raised", "alert.raised", null],
        ["a1:cleared", "alert.cleared", 3_000],
      ],
    );
    assert.deepEqual(events[0]!.alert, raised);
    assert.equal(log.warnings().filter((line) => line.msg.includes("retrying")).length, 2);
  });

  test("a signature made with another secret does not match", () => {
    const body = JSON.stringify({ id: "x" });
    assert.match(signature(body, SECRET), /^sha256=[0-9a-f]{64}$/);
    assert.notEqual(signature(body, SECRET), signature(body, "another secret entirely"));
    assert.notEqual(signature(body, SECRET), signature(`${body} `, SECRET));
  });

  test("a receiver that never answers times out, and the queue stays bounded, dropping the oldest", async () => {
    const hook = await receiver(() => undefined);
    closers.push(() => {
      hook.server.closeAllConnections();
      return hook.close();
    });
    const log = capturingLogger();
    const webhook = new AlertWebhook({ url: hook.url, secret: SECRET, timeoutMs: 200, baseDelayMs: 50, maxQueued: 3 }, log.logger);
    closers.push(() => webhook.close());
    webhook.notify(["a", "b", "c", "d", "e"].map((id) => ({ change: "raised" as const, alert: testAlert(id, "all") })));
    assert.equal(webhook.state().queued, 3);
    assert.equal(webhook.state().dropped, 2);
    await waitFor("a timed-out attempt", () => webhook.state().lastError?.includes("no answer within 200 ms"), 5000);
    assert.equal(webhook.state().delivered, 0);
  });
});
