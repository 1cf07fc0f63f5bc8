import { z } from "zod";
import { exposureSchema } from "./exposure";
import { faConfigSchema } from "./fa";
import { figureSetSchema } from "./figures";
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

/** The health of the one TWS API connection, as the collector sees it. */
export const linkStatusSchema = z.object({
  state: linkStateSchema,
  host: z.string(),
  port: z.number().int(),
  clientId: z.number().int(),
  serverVersion: z.number().int().nullable(),
  /** IB reports its own link to its servers lost (1100) while our socket is up. */
  ibServersLost: z.boolean(),
  /** Epoch ms of the last message received from the gateway, if any. */
  lastMessageAt: z.number().nullable(),
  /** Epoch ms at which `state` last changed. */
  stateSince: z.number(),
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
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

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
 * What one client is looking at: exposure is computed for its scope, and positions (the
 * large part) are sent only to clients that show them.
 */
export const viewSchema = z.object({
  scope: scopeIdSchema,
  positions: z.boolean(),
});
export type View = z.infer<typeof viewSchema>;
export const DEFAULT_VIEW: View = { scope: ALL_SCOPE, positions: false };

/** The whole-firm scope in the intraday history; any other value is an account id. */
export const FIRM_SERIES = "firm";

export const historyPointSchema = z.object({
  /** FIRM_SERIES or an account id. */
  series: z.string(),
  at: z.number(),
  netLiquidation: z.number().nullable(),
  dailyPnL: z.number().nullable(),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const snapshotSchema = z.object({
  /** The delta that follows this snapshot carries seq + 1. */
  seq: z.number().int().nonnegative(),
  at: z.number(),
  link: linkStatusSchema,
  accounts: z.array(accountRiskSchema),
  firm: firmRiskSchema,
  groups: z.array(groupRiskSchema),
  fa: faConfigSchema,
  history: z.array(historyPointSchema),
  view: viewSchema,
  /** Exposure of the view's scope; null until positions and prices have arrived. */
  exposure: exposureSchema.nullable(),
  /** The view's positions when it asked for them, else empty. */
  positions: z.array(positionSchema),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

/** What changed since the previous message; absent parts did not change. */
export const deltaSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  link: linkStatusSchema.optional(),
  accounts: z.array(accountRiskSchema).optional(),
  removedAccounts: z.array(z.string()).optional(),
  firm: firmRiskSchema.optional(),
  /** Every group, whenever any group changed. */
  groups: z.array(groupRiskSchema).optional(),
  fa: faConfigSchema.optional(),
  history: z.array(historyPointSchema).optional(),
  exposure: exposureSchema.optional(),
  /** Positions that opened or changed size, whole. */
  positions: z.array(positionSchema).optional(),
  /** Positions whose live figures alone changed (see PositionFigures). */
  positionFigures: z.array(positionFiguresSchema).optional(),
  removedPositions: z.array(z.string()).optional(),
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
  /** The client changes its scope or starts/stops showing positions; a snapshot follows. */
  view: "risk:view",
} as const;

/** Deltas are coalesced to at most this many per second per client. */
export const MAX_DELTAS_PER_SECOND = 10;

export interface ServerToClientEvents {
  [STREAM_EVENTS.snapshot]: (snapshot: Snapshot) => void;
  /**
   * The client acknowledges every delta, even one it ignored or rejected: the hub holds
   * back the next message (a requested snapshot too) until it does.
   */
  [STREAM_EVENTS.delta]: (delta: Delta, ack: () => void) => void;
}

export interface ClientToServerEvents {
  [STREAM_EVENTS.resync]: (request: unknown) => void;
  [STREAM_EVENTS.view]: (view: unknown) => void;
}
