import { z } from "zod";
import { alertSchema, type AlertAcknowledgeRequest } from "./alerts";
import { exposureSchema } from "./exposure";
import { faConfigSchema } from "./fa";
import { figureKeySchema, figureSchema, figureSetSchema } from "./figures";
import { ORDER_EVENTS, ordersReconciliationSchema, workingOrderSchema, type CancelProgress, type CancelRequest, type CancelResult } from "./orders";
import { positionFiguresSchema, positionSchema } from "./positions";
import { ALL_SCOPE, scopeIdSchema } from "./scope";

/**
 * The Socket.IO contract between the stream hub and the browser. Every payload is
 * defined here once and validated by whoever receives it.
 */

export const LINK_STATES = ["disconnected", "connecting", "handshaking", "ready"] as const;
export const linkStateSchema = z.enum(LINK_STATES);
export type LinkState = z.infer<typeof linkStateSchema>;

export const ibErrorSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  at: z.number(),
});
export type IbErrorInfo = z.infer<typeof ibErrorSchema>;

/**
 * Something about what IB sends that the risk manager must know although the link is up,
 * e.g. a managed-accounts list that came back empty or shorter than before.
 */
export const linkWarningSchema = z.object({
  message: z.string().max(1000),
  at: z.number(),
});
export type LinkWarning = z.infer<typeof linkWarningSchema>;

/** IB names a handful of farms; a hostile gateway could name thousands. */
export const MAX_DATA_FARMS = 32;

export const FARM_KINDS = ["market", "hmds", "secdef"] as const;
export const farmKindSchema = z.enum(FARM_KINDS);
export type FarmKind = z.infer<typeof farmKindSchema>;

/** "connecting" is IB's 2119; "inactive" (2107/2108) is idle but available on demand. */
export const FARM_STATES = ["ok", "connecting", "inactive", "broken"] as const;
export const farmStateSchema = z.enum(FARM_STATES);
export type FarmState = z.infer<typeof farmStateSchema>;

/** One of IB's data farms as its farm notices (2103-2108, 2119, 2157, 2158) last described it. */
export const dataFarmSchema = z.object({
  name: z.string().max(100),
  kind: farmKindSchema,
  state: farmStateSchema,
  /** Epoch ms at which `state` was reported. */
  since: z.number(),
});
export type DataFarm = z.infer<typeof dataFarmSchema>;

/** The configured daily-restart window of the gateway and whether the link is in it. */
export const restartStatusSchema = z.object({
  /** As configured, e.g. "23:45-00:45 America/New_York"; null when none is. */
  window: z.string().max(100).nullable(),
  inWindow: z.boolean(),
  /** The link went down inside the window: an expected restart, though the figures are still not live. */
  expectedDisconnect: z.boolean(),
});
export type RestartStatus = z.infer<typeof restartStatusSchema>;

/** IB refused the client id (326): RiskDesk keeps retrying with the same id, never another. */
export const clientIdInUseSchema = z.object({
  since: z.number(),
  /** Refusals in a row. */
  attempts: z.number().int().positive(),
  /** Epoch ms of the next try; null while one is under way. */
  nextRetryAt: z.number().nullable(),
});
export type ClientIdInUse = z.infer<typeof clientIdInUseSchema>;

/** One position as a reconcile reports it. */
export const reconciledPositionSchema = z.object({
  account: z.string(),
  symbol: z.string(),
  /** Before the reconnect; 0 for a position that is new. */
  before: z.number(),
  /** As IB lists it now; 0 for a position that is gone. */
  after: z.number(),
});
export type ReconciledPosition = z.infer<typeof reconciledPositionSchema>;

/** Positions the report names, per kind of change; the rest are counted. */
export const RECONCILE_LISTED = 20;

const reconciledListSchema = z.object({
  count: z.number().int().nonnegative(),
  /** The first RECONCILE_LISTED of them. */
  listed: z.array(reconciledPositionSchema).max(RECONCILE_LISTED),
});

/** What IB's positions after a reconnect changed against what RiskDesk held before it. */
export const reconcileReportSchema = z.object({
  at: z.number(),
  /** What started the session: a new socket, or IB's 1101 (restored, data lost). */
  after: z.enum(["reconnect", "restored"]),
  positions: z.object({
    added: reconciledListSchema,
    removed: reconciledListSchema,
    changed: reconciledListSchema,
    unchanged: z.number().int().nonnegative(),
  }),
});
export type ReconcileReport = z.infer<typeof reconcileReportSchema>;

/** The health of the one TWS API connection, as the collector sees it. */
export const linkStatusSchema = z.object({
  state: linkStateSchema,
  host: z.string(),
  port: z.number().int(),
  clientId: z.number().int(),
  serverVersion: z.number().int().nullable(),
  /** IB reports its own link to its servers lost (1100) while our socket is up. */
  ibServersLost: z.boolean(),
  /** Epoch ms since which IB's servers are lost (1100, or 2110 at connect); null while they are not. */
  ibServersLostSince: z.number().nullable(),
  /** Epoch ms of the last message received from the gateway, if any. */
  lastMessageAt: z.number().nullable(),
  /** Epoch ms at which `state` last changed. */
  stateSince: z.number(),
  /** Epoch ms since which the link has not been ready, across reconnect attempts; null while it is. */
  downSince: z.number().nullable(),
  reconnectAttempt: z.number().int().nonnegative(),
  lastError: ibErrorSchema.nullable(),
  /**
   * Requests waiting in RiskDesk's pacer. After a (re)connect every subscription is sent
   * again at IB's pace (minutes for 20,000 positions): until the queue is empty, some
   * figures on screen are older than the link state suggests.
   */
  pendingRequests: z.number().int().nonnegative(),
  /** While any is present the figures on screen are not to be trusted as complete. */
  warnings: z.array(linkWarningSchema).max(10),
  /** IB's data farms in this gateway session; a broken one is a warning, not a disconnect. */
  farms: z.array(dataFarmSchema).max(MAX_DATA_FARMS),
  restart: restartStatusSchema,
  /** Set while IB refuses the client id (326); null otherwise. */
  clientIdInUse: clientIdInUseSchema.nullable(),
  /** What the last reconcile after a reconnect found; null before the first reconnect. */
  lastReconcile: reconcileReportSchema.nullable(),
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

/** The link as the stream carries it: the collector's status and the engine's verdict on it. */
export const streamLinkSchema = linkStatusSchema.extend({
  /** Ready, but nothing heard from the gateway for longer than the engine's limit: nothing on screen is live. */
  silent: z.boolean(),
});
export type StreamLink = z.infer<typeof streamLinkSchema>;

export const accountRiskSchema = z.object({
  accountId: z.string(),
  currency: z.string().nullable(),
  figures: figureSetSchema,
});
export type AccountRisk = z.infer<typeof accountRiskSchema>;

/** Firm-wide totals over every account that reports in the firm currency. */
export const firmRiskSchema = z.object({
  currency: z.string().nullable(),
  figures: figureSetSchema,
  accountCount: z.number().int().nonnegative(),
  /** Accounts left out of the totals because their currency differs and no rate is known. */
  excludedAccounts: z.array(z.string()),
});
export type FirmRisk = z.infer<typeof firmRiskSchema>;

/** Totals of one FA group over its member accounts, computed like the firm's. */
export const groupRiskSchema = firmRiskSchema.extend({ name: z.string() });
export type GroupRisk = z.infer<typeof groupRiskSchema>;

/**
 * What one client is looking at: its scope's totals and intraday series always; its
 * positions (the large part) and its exposure only while a page shows them.
 */
export const viewSchema = z.object({
  scope: scopeIdSchema,
  positions: z.boolean(),
  exposure: z.boolean(),
  /** Every working order the user may see (not only the scope's: the blotter filters them itself). */
  orders: z.boolean().optional(),
});
export type View = z.infer<typeof viewSchema>;
export const DEFAULT_VIEW: View = { scope: ALL_SCOPE, positions: false, exposure: false, orders: false };

/** Two clients with equal view keys are sent the same payloads. */
export const viewKey = (view: View): string =>
  `${view.positions ? "P" : "-"}${view.exposure ? "E" : "-"}${view.orders ? "O" : "-"}${view.scope}`;

/**
 * The store's writes as the link panel shows them. ok: writes keep up. backlogged: a write to the
 * database has not finished (a stalled database), or the database is back and the queue drains.
 * unreachable: writes fail. The dashboard stays live in every state: only what is written waits.
 */
export const STORE_STATES = ["ok", "backlogged", "unreachable"] as const;
export const storeStateSchema = z.enum(STORE_STATES);
export type StoreState = z.infer<typeof storeStateSchema>;
export const storeStatusSchema = z.object({
  state: storeStateSchema,
  /** History samples and alert changes waiting or being written (audit records are not queued: they are written at once). */
  queued: z.number().int().nonnegative(),
  /** Alert changes waiting; never dropped. */
  queuedAlerts: z.number().int().nonnegative(),
  /** History samples dropped since start because the queue was full; alert changes never are. */
  droppedSamples: z.number().int().nonnegative(),
  /** Epoch ms at which `state` last changed. */
  since: z.number(),
  /** The database's last error (kept after recovery), or what stalls it. */
  lastError: z.string().max(1000).nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

export const historyPointSchema = z.object({
  /** FIRM_SERIES, a group's scope id or an account id. */
  series: z.string(),
  at: z.number(),
  netLiquidation: z.number().nullable(),
  dailyPnL: z.number().nullable(),
  /** The margin figures the history page charts too, so that its live part has every line the stored part has. */
  maintMargin: z.number().nullable().optional(),
  excessLiquidity: z.number().nullable().optional(),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

/**
 * A snapshot as the hub builds it once per view and revision and shares between clients;
 * each client's message adds its own sequence number (see ServerToClientEvents).
 */
export const snapshotBodySchema = z.object({
  at: z.number(),
  link: streamLinkSchema,
  /** Every followed account, sorted: what the scope selector offers. */
  accountIds: z.array(z.string()),
  /** The accounts the view's scope covers, with their figures. */
  accounts: z.array(accountRiskSchema),
  firm: firmRiskSchema,
  groups: z.array(groupRiskSchema),
  fa: faConfigSchema,
  /** The intraday series the view charts: the firm's and the groups' under All, else the scope's own and its accounts'. */
  history: z.array(historyPointSchema),
  view: viewSchema,
  /** Exposure of the view's scope when it asked for it; null until positions and prices have arrived. */
  exposure: exposureSchema.nullable(),
  /** The view's positions when it asked for them, else empty. */
  positions: z.array(positionSchema),
  /** The store's writes; absent from a backend without a store. */
  store: storeStatusSchema.optional(),
  /** Active alerts of the view's scope (its accounts and groups; under All every alert), oldest first. */
  alerts: z.array(alertSchema),
  /** Every working order the user may see when the view asked for them, else empty. */
  orders: z.array(workingOrderSchema),
  /** What the last reconnect found changed in the orders while away; null when none did (or not asked). */
  ordersNote: ordersReconciliationSchema.nullable(),
});
export type SnapshotBody = z.infer<typeof snapshotBodySchema>;

export const snapshotSchema = snapshotBodySchema.extend({
  /** The delta that follows this snapshot carries seq + 1. */
  seq: z.number().int().nonnegative(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/**
 * What a delta carries of a figure set: the figures that changed, and null for one that is
 * gone. A price move changes two or three of an account's fifteen figures.
 */
export const figurePatchSchema = z.partialRecord(figureKeySchema, figureSchema.nullable());
export type FigurePatch = z.infer<typeof figurePatchSchema>;

/** What changed since the previous message, for the client's view; absent parts did not change. */
export const deltaBodySchema = z.object({
  at: z.number(),
  link: streamLinkSchema.optional(),
  /** Every followed account, when the list changed; accounts no longer in it are gone. */
  accountIds: z.array(z.string()).optional(),
  /** Accounts of the view's scope sent whole: new, or with a new base currency. */
  accounts: z.array(accountRiskSchema).optional(),
  /** Changed figures of accounts of the view's scope. */
  accountFigures: z.array(z.tuple([z.string(), figurePatchSchema])).optional(),
  /** The firm's totals whole, when more than figures changed (currency, coverage). */
  firm: firmRiskSchema.optional(),
  firmFigures: figurePatchSchema.optional(),
  /** Every group whole, when the groups or their coverage changed. */
  groups: z.array(groupRiskSchema).optional(),
  /** Changed figures of groups, by name. */
  groupFigures: z.array(z.tuple([z.string(), figurePatchSchema])).optional(),
  fa: faConfigSchema.optional(),
  history: z.array(historyPointSchema).optional(),
  exposure: exposureSchema.optional(),
  /** Positions that opened or changed size, whole. */
  positions: z.array(positionSchema).optional(),
  /** Positions whose live figures alone changed (see PositionFigures). */
  positionFigures: z.array(positionFiguresSchema).optional(),
  removedPositions: z.array(z.string()).optional(),
  store: storeStatusSchema.optional(),
  /** Active alerts of the view's scope raised or changed (level, acknowledgement), whole. */
  alerts: z.array(alertSchema).optional(),
  /** Ids of alerts of the view's scope that cleared. */
  clearedAlerts: z.array(z.string()).optional(),
  /** Working orders that are new or changed, whole. */
  orders: z.array(workingOrderSchema).optional(),
  /** Keys of orders no longer working. */
  removedOrders: z.array(z.string()).optional(),
  ordersNote: ordersReconciliationSchema.optional(),
});
export type DeltaBody = z.infer<typeof deltaBodySchema>;

export const deltaSchema = deltaBodySchema.extend({
  seq: z.number().int().positive(),
});
export type Delta = z.infer<typeof deltaSchema>;

export const resyncRequestSchema = z.object({
  /** The last seq the client applied, for the server's log. */
  lastSeq: z.number().int().nonnegative().nullable(),
  reason: z.string().max(200),
});
export type ResyncRequest = z.infer<typeof resyncRequestSchema>;

/** Event names, one place. */
export const STREAM_EVENTS = {
  snapshot: "risk:snapshot",
  delta: "risk:delta",
  resync: "risk:resync",
  /** The client changes its scope or starts/stops showing positions or exposure; a snapshot follows. */
  view: "risk:view",
  /** A risk manager or admin acknowledges an active alert (lib/alerts alertAcknowledgeRequestSchema); answered through the callback. */
  acknowledgeAlert: "alert:acknowledge",
} as const;

/** The hub's answer to an acknowledgement: accepted, or refused with words for the user. */
export const alertAcknowledgeReplySchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string().max(500) }),
]);
export type AlertAcknowledgeReply = z.infer<typeof alertAcknowledgeReplySchema>;

/** Deltas are coalesced to at most this many per second per client. */
export const MAX_DELTAS_PER_SECOND = 10;

/**
 * A body as it travels: UTF-8 JSON bytes, built once and shared by every client of the
 * same view (Socket.IO sends binary as is, without encoding it again per client).
 * Node hands the receiver a Buffer, a browser an ArrayBuffer.
 */
export type EncodedBody = Uint8Array | ArrayBuffer;

export function encodeBody(body: SnapshotBody | DeltaBody): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(body));
}

/** The message a client received, for its schema to judge; undefined when the bytes are not JSON. */
export function decodeMessage(seq: unknown, body: unknown): unknown {
  if (!(body instanceof ArrayBuffer || ArrayBuffer.isView(body))) return undefined;
  try {
    const decoded: unknown = JSON.parse(new TextDecoder().decode(body));
    return decoded !== null && typeof decoded === "object" ? { ...decoded, seq } : decoded;
  } catch {
    return undefined;
  }
}

/**
 * The client acknowledges every message, even one it ignored or rejected: the hub holds
 * back the next one (a requested snapshot too) until it does, so that a client is never
 * sent more than it reads.
 */
export interface ServerToClientEvents {
  [STREAM_EVENTS.snapshot]: (seq: number, body: EncodedBody, ack: () => void) => void;
  [STREAM_EVENTS.delta]: (seq: number, body: EncodedBody, ack: () => void) => void;
  [ORDER_EVENTS.cancelProgress]: (progress: CancelProgress) => void;
}

/** What the browser sends, each payload typed by the schema the server validates it with. */
export interface ClientToServerEvents {
  [STREAM_EVENTS.resync]: (request: ResyncRequest) => void;
  [STREAM_EVENTS.view]: (view: View) => void;
  [STREAM_EVENTS.acknowledgeAlert]: (request: AlertAcknowledgeRequest, reply: (answer: AlertAcknowledgeReply) => void) => void;
  /** A guarded cancel (lib/orders.ts); the ack receives its result, refusals included. */
  [ORDER_EVENTS.cancel]: (request: CancelRequest, ack: (result: CancelResult) => void) => void;
}

/** The same events as the server receives them: anything, until their schema has judged them (a callback included). */
export type UncheckedClientEvents = { [Event in keyof ClientToServerEvents]: (payload: unknown, reply?: unknown) => void };

/** The browser's handshake `auth`; the server validates its view with viewSchema. */
export interface HandshakeAuth {
  view: View;
}
