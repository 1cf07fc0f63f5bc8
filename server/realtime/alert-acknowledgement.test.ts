import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alert, AlertAcknowledgement } from "@/lib/alerts";
import type { AlertAcknowledgeReply } from "@/lib/stream";
import { testAlert } from "@/lib/testing/alert";
import type { SecurityEvent } from "@/server/auth/audit";
import { createLogger } from "@/server/logger";
import { alertAcknowledgementHandler } from "./alert-acknowledgement";
import type { GrantableView } from "./publication";

const ACCOUNT = "DU111";
const rita = { viewer: { userId: 1, name: "rita", sessionVersion: 1, role: "riskManager" as const, grants: [] }, address: "127.0.0.1", client: "socket-1" };

/** The handler over one active alert; `steps` lists, in order, each audit write and each time the engine is asked. */
function desk({ auditFails = false, engineRefusal = null as string | null } = {}) {
  const alert: Alert = testAlert("a1", `account:${ACCOUNT}`);
  const steps: string[] = [];
  const records: SecurityEvent[] = [];
  const source = { accountIds: () => [ACCOUNT], fa: () => ({ groups: [], aliases: {} }), activeAlert: (id: string) => (id === alert.id ? alert : undefined) } as unknown as GrantableView;
  const handler = alertAcknowledgementHandler({
    source,
    acknowledge: (_id: string, acknowledgement: AlertAcknowledgement) => {
      steps.push("engine");
      if (engineRefusal) return engineRefusal;
      alert.acknowledged = acknowledgement;
      return null;
    },
    audit: async (event) => {
      steps.push(`audit ${event.outcome}`);
      if (auditFails) throw new Error("the store is down");
      records.push(event);
    },
    logger: createLogger("silent"),
    now: () => 5_000,
  });
  const send = (payload: unknown) =>
    new Promise<AlertAcknowledgeReply>((resolve, reject) => {
      handler(rita, payload, resolve).catch(reject);
    });
  return { alert, steps, records, send };
}

test("an acknowledgement is in the audit log before the engine applies it", async () => {
  const { alert, steps, records, send } = desk();
  assert.deepEqual(await send({ id: "a1", note: "wiring funds" }), { ok: true });
  assert.deepEqual(steps, ["audit ok", "engine"]);
  assert.deepEqual(alert.acknowledged, { by: "rita", at: 5_000, note: "wiring funds" });
  assert.equal(records[0]!.action, "alert.acknowledged");
});

test("when the audit log cannot record it, the acknowledgement is not applied and the user is told", async () => {
  const { alert, steps, send } = desk({ auditFails: true });
  const answer = await send({ id: "a1" });
  assert.equal(answer.ok, false);
  assert.match((answer as { error: string }).error, /audit log.*not made/);
  assert.deepEqual(steps, ["audit ok"], "the engine is never asked");
  assert.equal(alert.acknowledged, null);
});

test("when the engine refuses after the record (the alert cleared meanwhile), a refused record follows", async () => {
  const { steps, records, send } = desk({ engineRefusal: "this alert has cleared" });
  assert.deepEqual(await send({ id: "a1" }), { ok: false, error: "this alert has cleared" });
  assert.deepEqual(steps, ["audit ok", "engine", "audit refused"]);
  assert.equal(records[1]!.details!.reason, "this alert has cleared");
});
