import { RECONCILE_LISTED, type ReconciledPosition, type ReconcileReport } from "@/lib/stream";

/** A position as the reconcile compares it, by position key. */
export interface HeldSize {
  account: string;
  symbol: string;
  position: number;
}

/**
 * What IB's positions after a reconnect changed against what RiskDesk held before it:
 * positions that appeared, that are gone, and whose quantity moved (trades made while the
 * link was down, in TWS or by another client). Pure.
 */
export function reconcilePositions(
  before: ReadonlyMap<string, HeldSize>,
  after: ReadonlyMap<string, HeldSize>,
  cause: ReconcileReport["after"],
  at: number,
): ReconcileReport {
  const added: ReconciledPosition[] = [];
  const removed: ReconciledPosition[] = [];
  const changed: ReconciledPosition[] = [];
  let unchanged = 0;
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was) added.push({ account: now.account, symbol: now.symbol, before: 0, after: now.position });
    else if (was.position !== now.position) changed.push({ account: now.account, symbol: now.symbol, before: was.position, after: now.position });
    else unchanged += 1;
  }
  for (const [key, was] of before) {
    if (!after.has(key)) removed.push({ account: was.account, symbol: was.symbol, before: was.position, after: 0 });
  }
  return { at, after: cause, positions: { added: listed(added), removed: listed(removed), changed: listed(changed), unchanged } };
}

function listed(positions: ReconciledPosition[]): { count: number; listed: ReconciledPosition[] } {
  const sorted = positions.sort((a, b) => a.account.localeCompare(b.account) || a.symbol.localeCompare(b.symbol));
  return { count: positions.length, listed: sorted.slice(0, RECONCILE_LISTED) };
}
