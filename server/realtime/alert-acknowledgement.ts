import { alertAcknowledgeRequestSchema, type AlertAcknowledgement } from "@/lib/alerts";
import { scopeAccounts } from "@/lib/scope";
import { STREAM_EVENTS, type AlertAcknowledgeReply } from "@/lib/stream";
import type { AuditLog } from "@/server/auth/audit";
import { grantedScopeAccess } from "@/server/http/scope-access";
import type { Logger } from "@/server/logger";
import type { StreamSocket } from "./client-session";
import type { GrantableView } from "./publication";
import { RateWindows } from "./rate-window";
import type { Viewer } from "./stream-access";

/** Where an accepted acknowledgement goes: the engine, which owns the alert's state; it answers why it refused one, or null. */
export type AcknowledgeAlert = (id: string, acknowledgement: AlertAcknowledgement) => string | null;

export interface AlertAcknowledgementOptions {
  source: GrantableView;
  acknowledge: AcknowledgeAlert;
  audit: AuditLog;
  logger: Logger;
  now?: () => number;
}

/** Who sent an acknowledgement: the socket's user, if it has one, and its address. */
export interface Sender {
  viewer: Viewer | null;
  address: string;
  client: string;
}

/**
 * Judges `alert:acknowledge` from a socket. Only a risk manager or an admin may acknowledge,
 * and only an active alert of a scope its grants cover. One judged acceptable is in the audit log
 * before the engine applies it (no record, no acknowledgement); the engine has the last word
 * (an alert cleared meanwhile), and its refusal is recorded too. Every decision about a user's
 * request, refused or accepted, is in the audit log before the user is answered.
 */
export function alertAcknowledgementHandler({ source, acknowledge, audit, logger, now = Date.now }: AlertAcknowledgementOptions) {
  const mayRead = grantedScopeAccess((scope) => scopeAccounts(scope, source.accountIds(), source.fa().groups));

  return async (sender: Sender, payload: unknown, reply: (answer: AlertAcknowledgeReply) => void): Promise<void> => {
    const { viewer, address, client } = sender;
    const refuse = async (error: string, details: Record<string, unknown>) => {
      logger.warn({ client, user: viewer?.name, ...details }, `alert acknowledgement refused: ${error}`);
      if (viewer) await audit({ actor: viewer.name, address, action: "alert.acknowledged", details: { ...details, reason: error }, outcome: "refused" });
      reply({ ok: false, error });
    };
    if (!viewer) return refuse("log in first", {});
    const request = alertAcknowledgeRequestSchema.safeParse(payload);
    if (!request.success) return refuse("a malformed acknowledgement: it needs an alert id and at most a 500-character note", {});
    const { id, note } = request.data;
    if (viewer.role === "viewer") return refuse("viewers cannot acknowledge alerts: ask a risk manager or an admin", { alert: id });
    const alert = source.activeAlert(id);
    if (!alert) return refuse("this alert is no longer active (it cleared) or does not exist", { alert: id });
    const about = { alert: id, rule: alert.rule, scope: alert.scope, level: alert.level };
    if (!mayRead(viewer, alert.scope)) return refuse("this alert is about accounts you are not granted", about);
    if (alert.acknowledged) return refuse(`already acknowledged by ${alert.acknowledged.by}`, about);

    // Judged acceptable: recorded before it is applied, so no acknowledgement stands unaudited.
    const acknowledgement: AlertAcknowledgement = { by: viewer.name, at: now(), note: note || null };
    try {
      await audit({ actor: viewer.name, address, action: "alert.acknowledged", details: { ...about, at: acknowledgement.at, note: acknowledgement.note }, outcome: "ok" });
    } catch (error) {
      logger.error({ err: error, client, user: viewer.name, ...about }, "an alert acknowledgement was not applied: the audit log could not record it");
      return reply({ ok: false, error: "the acknowledgement could not be recorded in the audit log, so it was not made: try again" });
    }
    // The engine has the last word: the alert may have cleared or been acknowledged meanwhile.
    const refusal = acknowledge(id, acknowledgement);
    if (refusal) return refuse(refusal, about);
    logger.info({ client, user: viewer.name, ...about }, "alert acknowledged");
    reply({ ok: true });
  };
}

/** A user (all its sockets together) may send this many acknowledgements per window; beyond, they are refused unjudged. */
export const MAX_ACKNOWLEDGEMENTS_PER_WINDOW = 20;
const ACKNOWLEDGEMENT_WINDOW_MS = 10_000;

/** The hub's acknowledgement windows, one per user, shared by its sockets. */
export const acknowledgementRateWindows = () => new RateWindows(MAX_ACKNOWLEDGEMENTS_PER_WINDOW, ACKNOWLEDGEMENT_WINDOW_MS);

type AlertAcknowledgementHandler = ReturnType<typeof alertAcknowledgementHandler>;

/** A client's `alert:acknowledge`: who asks comes from the socket's session, the payload is judged by `handler` (none: refused). */
export function listenForAlertAcknowledgements(
  socket: StreamSocket,
  viewer: Viewer | null,
  handler: AlertAcknowledgementHandler | undefined,
  acknowledgements: RateWindows,
  logger: Logger,
): void {
  socket.on(STREAM_EVENTS.acknowledgeAlert, (payload: unknown, reply?: unknown) => {
    const answer = typeof reply === "function" ? (reply as (answer: unknown) => void) : () => undefined;
    if (!handler) return answer({ ok: false, error: "alerts cannot be acknowledged here" });
    // Each one judged is an audit record: a user that floods them, from however many sockets, is answered without one.
    if (!acknowledgements.admit({ viewer, socketId: socket.id }, Date.now())) return answer({ ok: false, error: "too many acknowledgements at once: wait a few seconds" });
    const sender = { viewer, address: socket.handshake.address, client: socket.id };
    handler(sender, payload, answer).catch((error: unknown) => {
      logger.error({ err: error, client: socket.id }, "could not judge an alert acknowledgement");
      answer({ ok: false, error: "the acknowledgement failed: try again" });
    });
  });
}
