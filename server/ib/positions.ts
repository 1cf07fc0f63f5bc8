import { EventName, type Contract } from "@stoqey/ib";
import { positionKey } from "@/lib/positions";
import type { ReconcileReport } from "@/lib/stream";
import type { PositionContract } from "@/server/domain/events";
import { listen, logRefusal, type FeedContext } from "./feed";
import { toPositionContract } from "./contracts";
import { unlessRefused, type NumberKind } from "./ib-numbers";
import { needsPerAccountRequests } from "./limits";
import type { AccountsChange, ManagedAccounts } from "./managed-accounts";
import { PRIORITY } from "./pacer";
import { reconcilePositions, type HeldSize } from "./reconcile";
import { StandingRequest, targetOf } from "./subscriptions";

/** The standing requests of this feed, by kind. */
const KIND = { all: "positions", account: "accountPositions", pnl: "pnlSingle" } as const;

/** What a position's P&L replies are about. */
interface PositionTarget {
  account: string;
  conId: number;
}

interface HeldPosition {
  account: string;
  contract: PositionContract;
  position: number;
  /** Cost basis as a measure of size: what is subscribed first. */
  risk: number;
}

export interface PositionFeedOptions extends FeedContext {
  accounts: ManagedAccounts;
  /** After a reconcile, once every list of the new session has ended. */
  onReconciled?: (report: ReconcileReport) => void;
}

/** A reconcile under way: what was held when the session started, and the lists still awaited. */
interface PendingReconcile {
  cause: ReconcileReport["after"];
  before: Map<string, HeldSize>;
  awaiting: Set<string>;
}

/**
 * Every position of every followed account (reqPositions up to IB's 50 sub-accounts,
 * reqPositionsMulti per account beyond) and a P&L subscription per open position.
 *
 * After each (re)subscription IB resends every open position and then an end marker; a
 * position we held that was not resent closed meanwhile, and is reported closed then.
 * P&L subscriptions for the positions of a fresh list are sent biggest first.
 */
export class PositionFeed {
  private readonly held = new Map<string, HeldPosition>();
  /** Keys seen since each list started: by account, or under "*" for reqPositions. */
  private readonly listing = new Map<string, Set<string>>();
  private readonly allPositions: StandingRequest<string>;
  /** The lists a session sends: ALL, or one per followed account beyond IB's 50. */
  private lists: readonly string[] = [ALL];
  private reconcile: PendingReconcile | null = null;

  constructor(private readonly options: PositionFeedOptions) {
    const { api, registry } = options;
    this.allPositions = new StandingRequest({
      kind: KIND.all,
      id: ALL,
      target: ALL,
      priority: PRIORITY.high,
      start: () => {
        this.listing.set(ALL, new Set());
        api.reqPositions();
      },
      stop: () => api.cancelPositions(),
      onRefused: (m) => logRefusal(this.options.logger, "positions", m),
    });
    options.accounts.onChange((change) => this.onAccountsChanged(change));
    listen(api, options.logger, EventName.position, (account: string, contract: Contract, pos: number, avgCost?: number) =>
      this.onPosition(ALL, account, contract, pos, avgCost),
    );
    listen(api, options.logger, EventName.positionEnd, () => this.onListEnd(ALL));
    listen(api, options.logger, EventName.positionMulti, (reqId: number, account: string, _model: string, contract: Contract, pos: number, avgCost: number) => {
      if (targetOf(registry, KIND.account, reqId)) this.onPosition(account, account, contract, pos, avgCost);
    });
    listen(api, options.logger, EventName.positionMultiEnd, (reqId: number) => {
      const account = targetOf<string>(registry, KIND.account, reqId);
      if (account) this.onListEnd(account);
    });
    listen(api, options.logger, EventName.pnlSingle, (reqId: number, pos?: number, daily?: number, unrealized?: number, realized?: number, value?: number) => {
      const target = targetOf<PositionTarget>(registry, KIND.pnl, reqId);
      if (target) this.onPnl(target, { pos, daily, unrealized, realized, value });
    });
  }

  private onAccountsChanged({ accounts, managedCount, removed }: AccountsChange): void {
    const { registry, api } = this.options;
    for (const account of removed) {
      registry.remove(StandingRequest.keyOf(KIND.account, account));
      for (const [key, held] of this.held) if (held.account === account) this.close(key, held);
    }
    this.lists = needsPerAccountRequests(managedCount) ? accounts : [ALL];
    if (needsPerAccountRequests(managedCount)) {
      registry.remove(this.allPositions.key);
      for (const account of accounts) {
        registry.add(
          new StandingRequest({
            kind: KIND.account,
            id: account,
            target: account,
            priority: PRIORITY.high,
            start: (reqId) => {
              this.listing.set(account, new Set());
              api.reqPositionsMulti(reqId, account, "");
            },
            stop: (reqId) => api.cancelPositionsMulti(reqId),
            onRefused: (m) => logRefusal(this.options.logger, `positions of ${account}`, m),
          }),
        );
      }
    } else {
      for (const account of accounts) registry.remove(StandingRequest.keyOf(KIND.account, account));
      registry.add(this.allPositions);
    }
  }

  private onPosition(list: string, account: string, raw: Contract, pos?: number, rawAvgCost?: number): void {
    if (!this.options.accounts.has(account)) return;
    const name = raw.localSymbol || raw.symbol || `conId ${raw.conId}`;
    const source = (field: string) => ({ account, field: `${field} (${name})` });
    const { numbers } = this.options;
    const contract = toPositionContract(raw, {
      read: (kind, value, field) => numbers.read(kind, value, source(field)),
      readRequired: (kind, value, field) => numbers.readRequired(kind, value, source(field)),
    });
    if (contract === "incomplete") {
      this.options.logger.warn({ account, conId: raw.conId, symbol: raw.symbol }, "ignoring a position without a usable contract");
      return;
    }
    const size = unlessRefused({ position: numbers.readRequired("size", pos, source("position")), avgCost: numbers.read("price", rawAvgCost, source("avgCost")) });
    // A refused number was logged where it was read; the position stays as it was.
    if (contract === "refused" || !size) return;
    const { position, avgCost } = size;
    const key = positionKey(account, contract.conId);
    this.options.emit({ type: "position", account, contract, position, avgCost, at: this.options.now() });
    const seen = this.listing.get(list);
    if (position === 0) {
      seen?.delete(key);
      const held = this.held.get(key);
      if (held) this.close(key, held, false);
      return;
    }
    const wasHeld = this.held.has(key);
    this.held.set(key, { account, contract, position, risk: Math.abs(position * (avgCost ?? 0)) });
    if (seen) seen.add(key);
    else if (!wasHeld) this.subscribePnl([key]);
  }

  /** A P&L message with a refused number is dropped whole: the position's last P&L stays. */
  private onPnl({ account, conId }: PositionTarget, raw: Record<"pos" | "daily" | "unrealized" | "realized" | "value", number | undefined>): void {
    const read = (kind: NumberKind, value: number | undefined, field: string) =>
      this.options.numbers.read(kind, value, { account, field: `${field} (conId ${conId})` });
    const pnl = unlessRefused({
      position: read("size", raw.pos, "P&L position"),
      dailyPnL: read("money", raw.daily, "dailyPnL"),
      unrealizedPnL: read("money", raw.unrealized, "unrealizedPnL"),
      realizedPnL: read("money", raw.realized, "realizedPnL"),
      value: read("money", raw.value, "value"),
    });
    if (pnl) this.options.emit({ type: "positionPnl", account, conId, ...pnl, at: this.options.now() });
  }

  private onListEnd(list: string): void {
    const seen = this.listing.get(list);
    if (!seen) return;
    this.listing.delete(list);
    for (const [key, held] of this.held) {
      if ((list === ALL || held.account === list) && !seen.has(key)) this.close(key, held);
    }
    this.subscribePnl([...seen]);
    this.reconcileListed(list);
  }

  /**
   * A session starts after a reconnect (or IB's 1101): what is held now is compared with
   * what IB lists once every list of the session has ended, and the differences reported.
   */
  beginReconcile(cause: ReconcileReport["after"]): void {
    this.reconcile = { cause, before: this.sizes(), awaiting: new Set(this.lists) };
  }

  private reconcileListed(list: string): void {
    const pending = this.reconcile;
    if (!pending?.awaiting.delete(list) || pending.awaiting.size > 0) return;
    this.reconcile = null;
    this.options.onReconciled?.(reconcilePositions(pending.before, this.sizes(), pending.cause, this.options.now()));
  }

  private sizes(): Map<string, HeldSize> {
    const sizes = new Map<string, HeldSize>();
    for (const [key, { account, contract, position }] of this.held) {
      sizes.set(key, { account, symbol: contract.localSymbol || contract.symbol, position });
    }
    return sizes;
  }

  /** Biggest positions first, so the risk that matters most is live first. */
  private subscribePnl(keys: string[]): void {
    const { registry, api } = this.options;
    const positions = keys.flatMap((key) => this.held.get(key) ?? []).sort((a, b) => b.risk - a.risk);
    for (const { account, contract } of positions) {
      const { conId } = contract;
      registry.add(
        new StandingRequest<PositionTarget>({
          kind: KIND.pnl,
          id: positionKey(account, conId),
          target: { account, conId },
          priority: PRIORITY.low,
          start: (reqId) => api.reqPnLSingle(reqId, account, "", conId),
          stop: (reqId) => api.cancelPnLSingle(reqId),
          onRefused: (m) => logRefusal(this.options.logger, `P&L of ${account} ${contract.localSymbol}`, m),
        }),
      );
    }
  }

  private close(key: string, held: HeldPosition, announce = true): void {
    this.held.delete(key);
    this.options.registry.remove(StandingRequest.keyOf(KIND.pnl, positionKey(held.account, held.contract.conId)));
    if (announce) {
      this.options.emit({ type: "position", account: held.account, contract: held.contract, position: 0, avgCost: 0, at: this.options.now() });
    }
  }

}

const ALL = "*";
