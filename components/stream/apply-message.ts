import type { ZodError } from "zod";
import {
  deltaSchema,
  snapshotSchema,
  type AccountRisk,
  type Delta,
  type FirmRisk,
  type HistoryPoint,
  type LinkStatus,
  type ResyncRequest,
} from "@/lib/stream";
import { appendPoints, groupBySeries } from "./history-series";

/**
 * The browser's copy of the risk view, rebuilt immutably from the stream: every part that
 * a message leaves alone keeps its reference, so whoever mirrors this state elsewhere can
 * tell what changed by comparing references.
 */
export interface StreamState {
  /** The seq of the last message applied; null before the first snapshot. */
  seq: number | null;
  /** False before the first snapshot, and from a gap or a bad payload until the next one. */
  synced: boolean;
  /** Server clock minus browser clock, measured on the last snapshot. */
  serverClockOffset: number;
  link: LinkStatus | null;
  firm: FirmRisk | null;
  /** Sorted, so rows keep their place whatever order updates come in. */
  accountIds: readonly string[];
  accounts: ReadonlyMap<string, AccountRisk>;
  history: ReadonlyMap<string, readonly HistoryPoint[]>;
}

export interface StreamOutcome {
  state: StreamState;
  /** Set when the client must ask the server for a fresh snapshot. */
  resync: ResyncRequest | null;
}

export const INITIAL_STREAM_STATE: StreamState = {
  seq: null,
  synced: false,
  serverClockOffset: 0,
  link: null,
  firm: null,
  accountIds: [],
  accounts: new Map(),
  history: new Map(),
};

const MAX_REASON_LENGTH = 200;

/** Replaces the whole view with a snapshot, or asks for another if this one is malformed. */
export function applySnapshot(state: StreamState, payload: unknown, receivedAt: number): StreamOutcome {
  const parsed = snapshotSchema.safeParse(payload);
  if (!parsed.success) return loseSync(state, `invalid snapshot: ${describeIssues(parsed.error)}`);
  const snapshot = parsed.data;
  const accounts = new Map(snapshot.accounts.map((account) => [account.accountId, account]));
  return {
    state: {
      seq: snapshot.seq,
      synced: true,
      serverClockOffset: snapshot.at - receivedAt,
      link: snapshot.link,
      firm: snapshot.firm,
      accountIds: sortedIds(accounts),
      accounts,
      history: groupBySeries(snapshot.history),
    },
    resync: null,
  };
}

/**
 * Applies the next delta. Out of sync, deltas are ignored until the next snapshot; a gap
 * in the sequence or a malformed delta puts the client out of sync and asks for a snapshot.
 */
export function applyDelta(state: StreamState, payload: unknown): StreamOutcome {
  if (!state.synced) return { state, resync: null };
  const parsed = deltaSchema.safeParse(payload);
  if (!parsed.success) return loseSync(state, `invalid delta: ${describeIssues(parsed.error)}`);
  const delta = parsed.data;
  const expected = (state.seq ?? 0) + 1;
  if (delta.seq !== expected) return loseSync(state, `gap: expected seq ${expected}, got ${delta.seq}`);
  return { state: { ...state, ...mergeDelta(state, delta), seq: delta.seq }, resync: null };
}

/** The server connection dropped: what is on screen stays, but no delta fits it any more. */
export function disconnected(state: StreamState): StreamState {
  return state.synced ? { ...state, synced: false } : state;
}

function mergeDelta(state: StreamState, delta: Delta): Partial<StreamState> {
  const merged: Partial<StreamState> = {};
  if (delta.link) merged.link = delta.link;
  if (delta.firm) merged.firm = delta.firm;

  const removed = delta.removedAccounts ?? [];
  if (delta.accounts?.length || removed.length) {
    const accounts = new Map(state.accounts);
    for (const account of delta.accounts ?? []) accounts.set(account.accountId, account);
    for (const id of removed) accounts.delete(id);
    merged.accounts = accounts;
    const membershipChanged = accounts.size !== state.accountIds.length || state.accountIds.some((id) => !accounts.has(id));
    if (membershipChanged) merged.accountIds = sortedIds(accounts);
  }

  if (delta.history?.length || removed.length) {
    const history = new Map(state.history);
    for (const [series, points] of groupBySeries(delta.history ?? [])) {
      history.set(series, appendPoints(history.get(series) ?? [], points));
    }
    for (const id of removed) history.delete(id);
    merged.history = history;
  }
  return merged;
}

function loseSync(state: StreamState, reason: string): StreamOutcome {
  return {
    state: { ...state, synced: false },
    resync: { lastSeq: state.seq, reason: reason.slice(0, MAX_REASON_LENGTH) },
  };
}

function sortedIds(accounts: ReadonlyMap<string, AccountRisk>): string[] {
  return [...accounts.keys()].sort();
}

function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
