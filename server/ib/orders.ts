import { EventName, type Contract, type Order, type OrderState } from "@stoqey/ib";
import { isWorkingStatus, orderKey, type OrdersReconciliation, type WorkingOrder } from "@/lib/orders";
import { listen, type FeedContext } from "./feed";
import type { ManagedAccounts } from "./managed-accounts";
import { PRIORITY } from "./pacer";
import { StandingRequest } from "./subscriptions";
import { decodeUnicodeEscapes } from "@/server/tws-wire/unicode-escapes";

/**
 * How often every open order is listed again. TWS pushes openOrder / orderStatus to a
 * client for its own orders only (and to client 0 or the "master API client" for all);
 * RiskDesk's client id places none, so orders of other client ids and manual TWS orders are
 * kept current by asking: one reqAllOpenOrders every 5 s is 0.5 % of IB's 50 messages/s.
 */
const ORDERS_REFRESH_MS = 5000;
/** A listing whose openOrderEnd never came is given up after this long, so the next can start. */
const LISTING_GIVE_UP_MS = 30_000;

export interface OrderFeedOptions extends FeedContext {
  accounts: ManagedAccounts;
  /** Sends a request through the connection's pacer, ahead of data subscriptions. */
  pace: (send: () => void) => void;
  isReady: () => boolean;
  refreshMs?: number;
}

/** What the feed remembers of an order to resolve orderStatus (which names no account) and to tell what changed. */
interface KnownOrder {
  key: string;
  status: string;
  filled: number;
}

interface Listing {
  startedAt: number;
  seen: Set<number>;
  /** What was known when a reconnect's listing began; null for a routine refresh. */
  before: ReadonlyMap<number, KnownOrder> | null;
}

/**
 * Every working order of the login, whichever client id placed it: reqAllOpenOrders when a
 * session starts (the first, and every one after a reconnect or IB's 1101) and every few
 * seconds, kept live in between from openOrder / orderStatus. An order IB no longer lists
 * has ended; after a reconnect what appeared, ended or changed while away is logged and
 * reported with the listing.
 */
export class OrderFeed {
  private readonly known = new Map<number, KnownOrder>();
  private listing: Listing | null = null;
  private sessions = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: OrderFeedOptions) {
    const { api, logger, registry } = options;
    registry.add(
      new StandingRequest({
        kind: "openOrders",
        id: "all",
        target: "all",
        priority: PRIORITY.high,
        start: () => this.list(this.sessions++ > 0),
        // A listing is answered once: there is nothing to cancel.
        stop: () => {},
        onRefused: () => {},
      }),
    );
    listen(api, logger, EventName.openOrder, (_orderId: number, contract: Contract, order: Order, state: OrderState) =>
      this.onOpenOrder(contract, order, state),
    );
    listen(api, logger, EventName.orderStatus, (_orderId: number, status: string, filled?: number, remaining?: number, _avg?: number, permId?: number) =>
      this.onOrderStatus(status, filled, remaining, permId),
    );
    listen(api, logger, EventName.openOrderEnd, () => this.onListEnd());
    this.timer = setInterval(() => this.refresh(), options.refreshMs ?? ORDERS_REFRESH_MS);
    this.timer.unref();
  }

  /** Lists every open order again unless a listing is under way; its end comes as an `ordersListed` event. */
  refresh(): void {
    if (!this.options.isReady()) return;
    if (this.listing && this.options.now() - this.listing.startedAt < LISTING_GIVE_UP_MS) return;
    this.options.pace(() => this.list(false));
  }

  /** The session ended: its listing will never end. */
  endSession(): void {
    this.listing = null;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private list(afterReconnect: boolean): void {
    if (!this.options.isReady()) return;
    this.listing = { startedAt: this.options.now(), seen: new Set(), before: afterReconnect ? new Map(this.known) : null };
    this.options.api.reqAllOpenOrders();
  }

  private onOpenOrder(contract: Contract, order: Order, state: OrderState): void {
    const account = order.account ?? "";
    const permId = order.permId;
    if (!permId || !(this.options.accounts.has(account) || (!account && order.faGroup))) return;
    const working = this.read(account, contract, order, state?.status ?? "Unknown");
    if (!working) return;
    this.listing?.seen.add(permId);
    this.remember(permId, working.key, working.status, working.filled);
    this.options.emit({ type: "order", order: working, at: working.changedAt });
  }

  private onOrderStatus(status: string, rawFilled?: number, rawRemaining?: number, permId?: number): void {
    const known = permId ? this.known.get(permId) : undefined;
    if (!known || !permId) return;
    const account = known.key.slice(0, known.key.lastIndexOf(":"));
    const filled = this.options.numbers.read("size", rawFilled, { account, field: `filled (order ${permId})` });
    const remaining = this.options.numbers.read("size", rawRemaining, { account, field: `remaining (order ${permId})` });
    if (filled === "refused" || remaining === "refused") return;
    this.remember(permId, known.key, status, filled ?? known.filled);
    this.options.emit({ type: "orderStatus", key: known.key, status, filled: filled ?? known.filled, remaining: remaining ?? 0, at: this.options.now() });
  }

  private onListEnd(): void {
    const listing = this.listing;
    if (!listing) return;
    this.listing = null;
    for (const permId of [...this.known.keys()]) if (!listing.seen.has(permId)) this.known.delete(permId);
    const keys = [...listing.seen].flatMap((permId) => this.known.get(permId)?.key ?? []);
    const reconciliation = listing.before ? this.reconcile(listing.before) : null;
    this.options.emit({ type: "ordersListed", keys, reconciliation, at: this.options.now() });
  }

  /** What changed in the orders while RiskDesk was away, logged order by order. */
  private reconcile(before: ReadonlyMap<number, KnownOrder>): OrdersReconciliation {
    const { logger, now } = this.options;
    let appeared = 0;
    let ended = 0;
    let changed = 0;
    for (const [permId, is] of this.known) {
      const was = before.get(permId);
      if (!was) {
        appeared += 1;
        logger.info({ order: is.key, status: is.status }, "an order appeared while the link was down");
      } else if (was.status !== is.status || was.filled !== is.filled) {
        changed += 1;
        logger.info({ order: is.key, was: was.status, is: is.status, filledWas: was.filled, filled: is.filled }, "an order changed while the link was down");
      }
    }
    for (const [permId, was] of before) {
      if (this.known.has(permId)) continue;
      ended += 1;
      logger.info({ order: was.key, lastStatus: was.status }, "an order ended (filled or cancelled) while the link was down");
    }
    logger.info({ appeared, ended, changed }, "open orders reconciled after the reconnect");
    return { at: now(), appeared, ended, changed };
  }

  private remember(permId: number, key: string, status: string, filled: number): void {
    if (isWorkingStatus(status)) this.known.set(permId, { key, status, filled });
    else this.known.delete(permId);
  }

  /** The order in RiskDesk's terms, or null when one of its numbers was refused (logged where read). */
  private read(account: string, contract: Contract, order: Order, status: string): WorkingOrder | null {
    const { numbers } = this.options;
    const permId = order.permId!;
    const source = (field: string) => ({ account, field: `${field} (order ${permId})` });
    const quantity = numbers.readRequired("size", order.totalQuantity, source("totalQuantity"));
    const filled = numbers.read("size", order.filledQuantity, source("filledQuantity"));
    const limit = numbers.read("price", order.lmtPrice, source("lmtPrice"));
    const aux = numbers.read("price", order.auxPrice, source("auxPrice"));
    if (quantity === "refused" || filled === "refused" || limit === "refused" || aux === "refused") return null;
    const type = String(order.orderType ?? "");
    const done = filled ?? 0;
    return {
      key: orderKey(account, permId),
      account,
      symbol: contract.localSymbol || contract.symbol || `conId ${contract.conId}`,
      secType: String(contract.secType ?? ""),
      side: String(order.action ?? ""),
      quantity,
      filled: done,
      remaining: Math.max(0, quantity - done),
      type,
      // IB writes 0 where an order type has no such price.
      limitPrice: limit === null || (limit === 0 && !type.includes("LMT")) ? null : limit,
      // A TRAIL order trailing by a percentage has no amount.
      stopPrice: aux === null || aux === 0 ? null : aux,
      tif: String(order.tif ?? ""),
      status,
      clientId: order.clientId ?? 0,
      orderId: order.orderId ?? 0,
      permId,
      orderRef: decodeUnicodeEscapes(order.orderRef ?? ""),
      faGroup: order.faGroup || null,
      changedAt: this.options.now(),
    };
  }
}
