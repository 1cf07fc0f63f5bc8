import type { ZodError } from "zod";
import type { Alert } from "@/lib/alerts";
import type { Exposure } from "@/lib/exposure";
import { EMPTY_FA_CONFIG, type FaConfig } from "@/lib/fa";
import type { FigureKey, FigureSet } from "@/lib/figures";
import type { OrdersReconciliation, WorkingOrder } from "@/lib/orders";
import { withFigures, type Position } from "@/lib/positions";
import {
  deltaSchema,
  snapshotSchema,
  type AccountRisk,
  type Delta,
  type FirmRisk,
  type GroupRisk,
  type HistoryPoint,
  type FigurePatch,
  type StreamLink,
  type StoreStatus,
  type ResyncRequest,
  type View,
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
  link: StreamLink | null;
  firm: FirmRisk | null;
  /** Sorted, so rows keep their place whatever order updates come in. */
  accountIds: readonly string[];
  accounts: ReadonlyMap<string, AccountRisk>;
  /** Each account's base currency; a new map only when one of them changes. */
  accountCurrencies: ReadonlyMap<string, string | null>;
  /** Sorted by name. */
  groups: readonly GroupRisk[];
  fa: FaConfig;
  history: ReadonlyMap<string, readonly HistoryPoint[]>;
  /** What the server says this client is looking at; null before the first snapshot. */
  view: View | null;
  exposure: Exposure | null;
  /** By position key. */
  positions: ReadonlyMap<string, Position>;
  /** The keys of `positions`: a new list only when positions come or go, not when values change. */
  positionKeys: readonly string[];
  /** The store's writes; null until the server says (a backend without a store never does). */
  store: StoreStatus | null;
  /** Active alerts of the view, by id, in the order they were raised. */
  alerts: ReadonlyMap<string, Alert>;
  /** Working orders by key; empty unless the view asks for orders. */
  orders: ReadonlyMap<string, WorkingOrder>;
  ordersNote: OrdersReconciliation | null;
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
  accountCurrencies: new Map(),
  groups: [],
  fa: EMPTY_FA_CONFIG,
  history: new Map(),
  view: null,
  exposure: null,
  positions: new Map(),
  positionKeys: [],
  store: null,
  alerts: new Map(),
  orders: new Map(),
  ordersNote: null,
};

const MAX_REASON_LENGTH = 200;

/** Replaces the whole view with a snapshot, or asks for another if this one is malformed. */
export function applySnapshot(state: StreamState, payload: unknown, receivedAt: number): StreamOutcome {
  const parsed = snapshotSchema.safeParse(payload);
  if (!parsed.success) return loseSync(state, `invalid snapshot: ${describeIssues(parsed.error)}`);
  const snapshot = parsed.data;
  const accounts = new Map(snapshot.accounts.map((account) => [account.accountId, account]));
  const positions = new Map(snapshot.positions.map((position) => [position.key, position]));
  return {
    state: {
      seq: snapshot.seq,
      synced: true,
      serverClockOffset: snapshot.at - receivedAt,
      link: snapshot.link,
      firm: snapshot.firm,
      accountIds: snapshot.accountIds,
      accounts,
      accountCurrencies: currenciesOf(accounts, state.accountCurrencies),
      groups: sortedGroups(snapshot.groups),
      fa: snapshot.fa,
      history: groupBySeries(snapshot.history),
      view: snapshot.view,
      exposure: snapshot.exposure,
      positions,
      positionKeys: [...positions.keys()],
      store: snapshot.store ?? null,
      alerts: new Map(snapshot.alerts.map((alert) => [alert.id, alert])),
      orders: new Map(snapshot.orders.map((order) => [order.key, order])),
      ordersNote: snapshot.ordersNote,
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
  // The hub sends figures only for positions this view already holds (new ones come whole).
  const unknown = delta.positionFigures?.find(([key]) => !state.positions.has(key));
  if (unknown) return loseSync(state, `figures for a position this view does not hold: ${unknown[0]}`);
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
  else if (delta.firmFigures && state.firm) merged.firm = { ...state.firm, figures: patched(state.firm.figures, delta.firmFigures) };
  if (delta.groups) merged.groups = sortedGroups(delta.groups);
  else if (delta.groupFigures) merged.groups = patchedGroups(state.groups, delta.groupFigures);
  if (delta.fa) merged.fa = delta.fa;
  if (delta.exposure) merged.exposure = delta.exposure;
  if (delta.store) merged.store = delta.store;

  if (delta.accountIds) merged.accountIds = delta.accountIds;
  const followed = new Set(delta.accountIds ?? state.accountIds);
  const removed = delta.accountIds ? state.accountIds.filter((id) => !followed.has(id)) : [];
  if (delta.accounts?.length || delta.accountFigures?.length || removed.length) {
    const accounts = upsert(state.accounts, delta.accounts ?? [], (account) => account.accountId, removed);
    for (const [id, patch] of delta.accountFigures ?? []) {
      const account = accounts.get(id);
      if (account) accounts.set(id, { ...account, figures: patched(account.figures, patch) });
    }
    merged.accounts = accounts;
    merged.accountCurrencies = currenciesOf(accounts, state.accountCurrencies);
  }

  if (delta.history?.length || removed.length) {
    const history = new Map(state.history);
    for (const [series, points] of groupBySeries(delta.history ?? [])) {
      history.set(series, appendPoints(history.get(series) ?? [], points));
    }
    for (const id of removed) history.delete(id);
    merged.history = history;
  }

  const gone = delta.removedPositions ?? [];
  if (delta.positions?.length || delta.positionFigures?.length || gone.length) {
    const before = state.positions;
    const positions = upsert(before, delta.positions ?? [], (position) => position.key, gone);
    for (const figures of delta.positionFigures ?? []) positions.set(figures[0], withFigures(positions.get(figures[0])!, figures));
    merged.positions = positions;
    const membershipChanged = gone.some((key) => before.has(key)) || (delta.positions ?? []).some(({ key }) => !before.has(key));
    if (membershipChanged) merged.positionKeys = [...positions.keys()];
  }
  if (delta.alerts?.length || delta.clearedAlerts?.length) {
    merged.alerts = upsert(state.alerts, delta.alerts ?? [], (alert) => alert.id, delta.clearedAlerts ?? []);
  }
  if (delta.orders?.length || delta.removedOrders?.length) {
    merged.orders = upsert(state.orders, delta.orders ?? [], (order) => order.key, delta.removedOrders ?? []);
  }
  if (delta.ordersNote) merged.ordersNote = delta.ordersNote;
  return merged;
}

/** A copy of `map` with `items` set under their keys and `removed` keys dropped. */
function upsert<T>(map: ReadonlyMap<string, T>, items: readonly T[], keyOf: (item: T) => string, removed: readonly string[]): Map<string, T> {
  const next = new Map(map);
  for (const item of items) next.set(keyOf(item), item);
  for (const key of removed) next.delete(key);
  return next;
}

/** The accounts' currencies, keeping the previous map when none changed. */
function currenciesOf(
  accounts: ReadonlyMap<string, AccountRisk>,
  previous: ReadonlyMap<string, string | null>,
): ReadonlyMap<string, string | null> {
  const same = accounts.size === previous.size && [...accounts.values()].every((account) => previous.get(account.accountId) === account.currency);
  return same ? previous : new Map([...accounts.values()].map((account) => [account.accountId, account.currency]));
}

function loseSync(state: StreamState, reason: string): StreamOutcome {
  return {
    state: { ...state, synced: false },
    resync: { lastSeq: state.seq, reason: reason.slice(0, MAX_REASON_LENGTH) },
  };
}

/** A figure set with a delta's changed figures written over it (null: the figure is gone). */
function patched(figures: FigureSet, patch: FigurePatch): FigureSet {
  const next: FigureSet = { ...figures };
  for (const key of Object.keys(patch) as FigureKey[]) {
    const figure = patch[key];
    if (figure) next[key] = figure;
    else delete next[key];
  }
  return next;
}

function patchedGroups(groups: readonly GroupRisk[], patches: ReadonlyArray<readonly [string, FigurePatch]>): GroupRisk[] {
  const byName = new Map(patches);
  return groups.map((group) => {
    const patch = byName.get(group.name);
    return patch ? { ...group, figures: patched(group.figures, patch) } : group;
  });
}

function sortedGroups(groups: readonly GroupRisk[]): GroupRisk[] {
  return [...groups].sort((a, b) => a.name.localeCompare(b.name));
}

function describeIssues(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
