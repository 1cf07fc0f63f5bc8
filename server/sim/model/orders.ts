/**
 * The login's orders, as IB keeps them: working orders of every API client id and manual
 * orders typed in TWS, each with a unique permId; their status, fills and executions.
 * Pure: prices come from the PriceBook, fills are returned for the simulation to book.
 *
 * Order ids are per client id (IB's rule: an API client numbers its own orders). Manual TWS
 * orders have client id 0 and order id 0 until client 0 binds them (reqOpenOrders or
 * reqAutoOpenOrders(true) from client 0); binding gives them negative ids (-1, -2, ...).
 *
 * Fills: when the model price crosses, a working order fills completely at the model price
 * (LMT, MIDPRICE and the Adaptive algo when the price reaches the limit; STP when it reaches
 * the stop; STP LMT once triggered, like a limit; TRAIL when the price falls back by the trail
 * amount or percentage from its best). MOC and LOC wait for a close the simulator never has.
 */
import { INSTRUMENTS_BY_CONID, type Instrument } from "./instruments";
import type { PriceBook } from "./prices";
import { Rng } from "./rng";

export type OrderAction = "BUY" | "SELL";
export type OrderStatus = "PreSubmitted" | "Submitted" | "PendingCancel" | "Cancelled" | "Filled" | "Inactive";

export const ORDER_TYPES = ["LMT", "MKT", "STP", "STP LMT", "TRAIL", "MOC", "LOC", "MIDPRICE"] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export interface TagValue {
  tag: string;
  value: string;
}

export interface SimOrder {
  /** Per client id; 0 for an unbound manual order, negative once bound to client 0. */
  orderId: number;
  /** 0 for a manual TWS order. */
  clientId: number;
  permId: number;
  account: string;
  contract: Instrument;
  action: OrderAction;
  totalQuantity: number;
  orderType: OrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  trailingPercent: number | undefined;
  /** TRAIL: the current stop, moved with the best price seen. */
  trailStopPrice: number | undefined;
  tif: string;
  orderRef: string;
  outsideRth: boolean;
  /** FA allocation (an order for a group of sub-accounts): group, method, percentage. */
  faGroup: string;
  faMethod: string;
  faPercentage: string;
  algoStrategy: string;
  algoParams: TagValue[];
  status: OrderStatus;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  /** When the order reached its final state ("yyyyMMdd HH:mm:ss zone"), for completed orders. */
  completedTime: string;
  completedStatus: string;
}

export interface Execution {
  execId: string;
  order: SimOrder;
  side: "BOT" | "SLD";
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  /** "yyyyMMdd HH:mm:ss zone", as TWS writes execution times. */
  time: string;
  commission: number;
  /** In the instrument's currency. */
  commissionCurrency: string;
}

/** What a new order asks for; the rest is filled in as TWS would. */
export interface OrderRequest {
  account: string;
  conId: number;
  action: OrderAction;
  totalQuantity: number;
  orderType: string;
  lmtPrice?: number;
  auxPrice?: number;
  trailingPercent?: number;
  tif?: string;
  orderRef?: string;
  outsideRth?: boolean;
  faGroup?: string;
  faMethod?: string;
  faPercentage?: string;
  algoStrategy?: string;
  algoParams?: TagValue[];
}

/** An order TWS refuses: the error code and IB's wording. */
export class OrderRejection extends Error {
  override readonly name = "OrderRejection";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const REJECTION = {
  DUPLICATE_ORDER_ID: 103,
  MOC_LOC_TIF: 113,
  NO_SECURITY_DEFINITION: 200,
  ORDER_REJECTED: 201,
  UNSUPPORTED_ORDER_TYPE: 387,
  CANCEL_NOT_FOUND: 10147,
  CANCEL_NOT_CANCELLABLE: 10148,
} as const;

/** One account's part of an execution (an FA-group order is split over the group). */
export interface Allocation {
  account: string;
  shares: number;
  /** Position among the execution's allocations: each gets its own execId, as from IB. */
  index: number;
}

export interface OrderFill {
  order: SimOrder;
  execution: Execution;
}

const WORKING: ReadonlySet<OrderStatus> = new Set(["PreSubmitted", "Submitted", "PendingCancel"]);
export const isWorking = (order: SimOrder): boolean => WORKING.has(order.status);

const FIRST_PERM_ID = 1_426_086_001;
/** Commission per share / contract, as IB's fixed pricing roughly charges. */
const COMMISSION_PER_UNIT = { STK: 0.005, FUT: 2.25, OPT: 0.65, CASH: 0 } as const;
const MIN_COMMISSION = 1;
/** The simulator's zone for order and execution times (as TWS writes them). */
const TIME_ZONE = "US/Eastern";

/** TWS's time stamp for orders and executions: `20261123 10:31:05 US/Eastern`. */
export function twsTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    }).formatToParts(at).map((part) => [part.type, part.value]),
  );
  return `${parts.year}${parts.month}${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${TIME_ZONE}`;
}

function tick(price: number): number {
  return price >= 1000 ? 0.25 : 0.01;
}

/** A price rounded to the instrument's tick (stocks 0.01; the index futures 0.25). */
function onTick(price: number): number {
  const step = tick(price);
  return Math.round(Math.round(price / step) * step * 100) / 100;
}

export class OrderBook {
  private readonly orders: SimOrder[] = [];
  private readonly executionList: Execution[] = [];
  private nextPermId = FIRST_PERM_ID;
  private nextBoundId = -1;
  private execSeq = 0;

  constructor(
    private readonly prices: PriceBook,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every order the login has today (working, filled, cancelled), in placing order. */
  all(): readonly SimOrder[] {
    return this.orders;
  }

  working(): SimOrder[] {
    return this.orders.filter(isWorking);
  }

  executions(): readonly Execution[] {
    return this.executionList;
  }

  byPermId(permId: number): SimOrder | undefined {
    return this.orders.find((order) => order.permId === permId);
  }

  /** The highest order id `clientId` has used (0 if none): its next valid id must be above it. */
  maxOrderId(clientId: number): number {
    return this.orders.reduce((max, order) => (order.clientId === clientId ? Math.max(max, order.orderId) : max), 0);
  }

  /**
   * Places (or, for a working order of the same client and id, modifies) an order. Throws an
   * OrderRejection with IB's code and wording when TWS would refuse it.
   */
  place(clientId: number, orderId: number, request: OrderRequest, accounts: readonly string[]): SimOrder {
    const existing = clientId === 0 && orderId === 0
      ? undefined
      : this.orders.find((order) => order.clientId === clientId && order.orderId === orderId);
    if (existing && !isWorking(existing)) throw new OrderRejection(REJECTION.DUPLICATE_ORDER_ID, "Duplicate order id");
    const contract = INSTRUMENTS_BY_CONID.get(request.conId);
    if (!contract) throw new OrderRejection(REJECTION.NO_SECURITY_DEFINITION, "No security definition has been found for the request");
    const orderType = validOrderType(request.orderType);
    validate(request, orderType, accounts);
    const fields = {
      account: request.account,
      contract,
      action: request.action,
      totalQuantity: request.totalQuantity,
      orderType,
      lmtPrice: request.lmtPrice,
      auxPrice: request.auxPrice,
      trailingPercent: request.trailingPercent,
      tif: request.tif || "DAY",
      orderRef: request.orderRef ?? "",
      outsideRth: request.outsideRth ?? false,
      faGroup: request.faGroup ?? "",
      faMethod: request.faMethod ?? "",
      faPercentage: request.faPercentage ?? "",
      algoStrategy: request.algoStrategy ?? "",
      algoParams: request.algoParams ?? [],
    };
    if (existing) {
      Object.assign(existing, fields);
      existing.trailStopPrice = this.initialTrailStop(existing);
      return existing;
    }
    const order: SimOrder = {
      orderId,
      clientId,
      permId: this.nextPermId++,
      ...fields,
      trailStopPrice: undefined,
      status: orderType === "MOC" || orderType === "LOC" ? "PreSubmitted" : "Submitted",
      filled: 0,
      avgFillPrice: 0,
      lastFillPrice: 0,
      completedTime: "",
      completedStatus: "",
    };
    order.trailStopPrice = this.initialTrailStop(order);
    this.orders.push(order);
    return order;
  }

  /**
   * cancelOrder from `clientId`: its own order with that id, else (as IB lets any client
   * cancel what reqAllOpenOrders showed it) the one working order of another client with it.
   */
  findForCancel(clientId: number, orderId: number): SimOrder {
    const own = this.orders.find((order) => order.clientId === clientId && order.orderId === orderId);
    const other = this.orders.filter((order) => order.orderId === orderId && order.orderId !== 0 && isWorking(order));
    const order = own ?? (other.length === 1 ? other[0] : undefined);
    if (!order) throw new OrderRejection(REJECTION.CANCEL_NOT_FOUND, `OrderId ${orderId} that needs to be cancelled is not found.`);
    if (!isWorking(order)) {
      throw new OrderRejection(REJECTION.CANCEL_NOT_CANCELLABLE, `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${order.status}.`);
    }
    return order;
  }

  cancel(order: SimOrder): void {
    if (!isWorking(order)) return;
    order.status = "Cancelled";
    order.completedStatus = "Cancelled by Trader";
    order.completedTime = twsTime(this.now());
  }

  /** reqGlobalCancel: every working order of the login (all client ids, manual ones too). */
  cancelAll(): SimOrder[] {
    const hit = this.working();
    for (const order of hit) this.cancel(order);
    return hit;
  }

  /** Binds the manual orders not yet bound to client 0: each gets the next negative id. */
  bindManualOrders(): SimOrder[] {
    const bound = this.orders.filter((order) => order.clientId === 0 && order.orderId === 0 && isWorking(order));
    for (const order of bound) order.orderId = this.nextBoundId--;
    return bound;
  }

  /** Fills every working order the current prices cross; TRAIL stops follow the price first. */
  matchPrices(): OrderFill[] {
    const fills: OrderFill[] = [];
    for (const order of this.working()) {
      if (order.status === "PendingCancel") continue;
      const price = this.prices.price(order.contract);
      this.trail(order, price);
      if (crosses(order, price)) fills.push(this.fill(order, price));
    }
    return fills;
  }

  /** Fills up to `count` working orders (those `which` picks) at once at the current price (a burst of fills). */
  fillWorking(count: number, which: (order: SimOrder) => boolean = () => true): OrderFill[] {
    return this.working()
      .filter((order) => order.status !== "PendingCancel" && which(order))
      .slice(0, Math.max(0, count))
      .map((order) => this.fill(order, this.prices.price(order.contract)));
  }

  /** Seeds the working orders a login has when the gateway starts, deterministically from `seed`. */
  seed(seed: number, accounts: readonly string[], groups: readonly string[]): void {
    const rng = new Rng(seed ^ 0x5eed0dd);
    const plans = seedPlans(groups);
    const idsByClient = new Map<number, number>([[1, 100], [7, 3000]]);
    plans.forEach((plan, index) => {
      const account = accounts[index % accounts.length]!;
      const contract = INSTRUMENTS_BY_CONID.get(plan.conId)!;
      const price = this.prices.price(contract);
      const away = rng.between(0.04, 0.09);
      const below = onTick(price * (1 - away));
      const above = onTick(price * (1 + away));
      const passive = plan.action === "BUY" ? below : above;
      const protective = plan.action === "BUY" ? above : below;
      const request: OrderRequest = {
        account: plan.faGroup ? "" : account,
        conId: plan.conId,
        action: plan.action,
        totalQuantity: contract.secType === "FUT" ? rng.int(1, 4) : rng.int(1, 20) * 25,
        orderType: plan.orderType,
        tif: plan.tif,
        orderRef: plan.orderRef,
        faGroup: plan.faGroup,
        faMethod: plan.faGroup ? "NetLiq" : "",
        algoStrategy: plan.algo ? "Adaptive" : "",
        algoParams: plan.algo ? [{ tag: "adaptivePriority", value: "Normal" }] : [],
      };
      switch (plan.orderType) {
        case "LMT": case "LOC": case "MIDPRICE": request.lmtPrice = passive; break;
        case "STP": request.auxPrice = protective; break;
        case "STP LMT": request.auxPrice = protective; request.lmtPrice = onTick(protective * (plan.action === "BUY" ? 1.005 : 0.995)); break;
        case "TRAIL": request.trailingPercent = Math.round(away * 1000) / 10; break;
      }
      const clientId = plan.clientId;
      const orderId = clientId === 0 ? 0 : idsByClient.get(clientId)! + index;
      this.place(clientId, orderId, request, accounts);
    });
  }

  private initialTrailStop(order: SimOrder): number | undefined {
    if (order.orderType !== "TRAIL") return undefined;
    return trailStopFrom(order, this.prices.price(order.contract));
  }

  private trail(order: SimOrder, price: number): void {
    if (order.orderType !== "TRAIL" || order.trailStopPrice === undefined) return;
    const candidate = trailStopFrom(order, price);
    order.trailStopPrice = order.action === "SELL" ? Math.max(order.trailStopPrice, candidate) : Math.min(order.trailStopPrice, candidate);
  }

  private fill(order: SimOrder, price: number): OrderFill {
    const shares = order.totalQuantity - order.filled;
    order.filled = order.totalQuantity;
    order.avgFillPrice = price;
    order.lastFillPrice = price;
    order.status = "Filled";
    const time = twsTime(this.now());
    order.completedTime = time;
    order.completedStatus = "Filled Size: " + order.totalQuantity;
    const perUnit = COMMISSION_PER_UNIT[order.contract.secType];
    const execution: Execution = {
      execId: `0000e0d5.${(++this.execSeq).toString(16).padStart(8, "0")}.01.01`,
      order,
      side: order.action === "BUY" ? "BOT" : "SLD",
      shares,
      price,
      cumQty: order.filled,
      avgPrice: price,
      time,
      commission: perUnit === 0 ? 0 : Math.max(MIN_COMMISSION, Math.round(shares * perUnit * 100) / 100),
      commissionCurrency: order.contract.currency,
    };
    this.executionList.push(execution);
    return { order, execution };
  }
}

function trailStopFrom(order: SimOrder, price: number): number {
  const distance = order.trailingPercent !== undefined ? (price * order.trailingPercent) / 100 : (order.auxPrice ?? 0);
  return order.action === "SELL" ? price - distance : price + distance;
}

function crosses(order: SimOrder, price: number): boolean {
  const buy = order.action === "BUY";
  const limitReached = (limit: number | undefined) => limit === undefined || (buy ? price <= limit : price >= limit);
  const stopReached = (stop: number | undefined) => stop !== undefined && (buy ? price >= stop : price <= stop);
  switch (order.orderType) {
    case "MKT":
      return true;
    case "LMT":
    case "MIDPRICE":
      return limitReached(order.lmtPrice);
    case "STP":
      return stopReached(order.auxPrice);
    case "STP LMT":
      return stopReached(order.auxPrice) && limitReached(order.lmtPrice);
    case "TRAIL":
      return stopReached(order.trailStopPrice);
    case "MOC":
    case "LOC":
      return false;
  }
}

function validOrderType(orderType: string): OrderType {
  const known = ORDER_TYPES.find((type) => type === orderType);
  if (!known) throw new OrderRejection(REJECTION.UNSUPPORTED_ORDER_TYPE, "Unsupported order type for this exchange and security type.");
  return known;
}

/** TWS's checks, with its wording (201 "Order rejected - reason:..." for the order's own faults). */
function validate(request: OrderRequest, orderType: OrderType, accounts: readonly string[]): void {
  const reject = (reason: string) => new OrderRejection(REJECTION.ORDER_REJECTED, `Order rejected - reason:${reason}`);
  if (request.action !== "BUY" && request.action !== "SELL") throw reject("Invalid action");
  if (!(Number.isFinite(request.totalQuantity) && request.totalQuantity > 0)) throw reject("Order size must be positive");
  if (request.faGroup) {
    if (request.account !== "" && !accounts.includes(request.account)) throw reject(`Invalid account: ${request.account}`);
  } else if (!accounts.includes(request.account)) {
    throw reject(accounts.length > 1 ? "You must specify an allocation (either a single account, group, or profile)." : `Invalid account: ${request.account}`);
  }
  const needsLimit = orderType === "LMT" || orderType === "STP LMT" || orderType === "LOC";
  if (needsLimit && !(request.lmtPrice !== undefined && request.lmtPrice > 0)) throw reject("The limit price is missing or invalid");
  const needsStop = orderType === "STP" || orderType === "STP LMT";
  if (needsStop && !(request.auxPrice !== undefined && request.auxPrice > 0)) throw reject("The stop price is missing or invalid");
  if (orderType === "TRAIL" && request.trailingPercent === undefined && !(request.auxPrice !== undefined && request.auxPrice > 0)) {
    throw reject("The trailing amount or percentage is missing");
  }
  if ((orderType === "MOC" || orderType === "LOC") && (request.tif ?? "DAY") !== "DAY") {
    throw new OrderRejection(REJECTION.MOC_LOC_TIF, "The Tif option should be set to DAY for MOC and LOC orders.");
  }
}

interface SeedPlan {
  clientId: number;
  conId: number;
  action: OrderAction;
  orderType: OrderType;
  tif: string;
  orderRef: string;
  faGroup: string;
  algo?: boolean;
}

const AAPL = 265598, MSFT = 272093, NVDA = 4815747, TSLA = 76792991, JPM = 1520593, SPY = 756733;
const KO = 8894, XOM = 13977, QQQ = 320227571, META = 107113386, SAP = 14204, ES = 649180695, AMZN = 3691937;

/** 18 working orders: clients 1 and 7 and manual ones, every common type, FA allocations, an algo. */
function seedPlans(groups: readonly string[]): SeedPlan[] {
  const group = groups[0] ?? "";
  const plan = (clientId: number, conId: number, action: OrderAction, orderType: OrderType, tif: string, orderRef: string, extra: Partial<SeedPlan> = {}): SeedPlan =>
    ({ clientId, conId, action, orderType, tif, orderRef, faGroup: "", ...extra });
  return [
    plan(1, AAPL, "BUY", "LMT", "GTC", "rebal-Q4"),
    plan(1, MSFT, "SELL", "LMT", "DAY", "rebal-Q4"),
    plan(1, NVDA, "SELL", "STP", "GTC", "stop-loss"),
    plan(1, TSLA, "SELL", "TRAIL", "GTC", "trail-15"),
    plan(1, JPM, "BUY", "STP LMT", "DAY", "breakout"),
    plan(1, SPY, "SELL", "MOC", "DAY", "eod-hedge"),
    plan(7, KO, "BUY", "LOC", "DAY", "div-capture"),
    plan(7, XOM, "BUY", "MIDPRICE", "DAY", "mid"),
    plan(7, QQQ, "SELL", "LMT", "GTC", "Réserve-Müller", { faGroup: group }),
    plan(7, META, "BUY", "LMT", "DAY", "adaptive", { algo: true }),
    plan(7, ES, "SELL", "STP", "GTC", "ES-hedge"),
    plan(7, AMZN, "BUY", "LMT", "GTC", "alloc", { faGroup: group }),
    plan(1, SAP, "BUY", "LMT", "DAY", "eu-rebal"),
    plan(0, AAPL, "SELL", "LMT", "GTC", ""),
    plan(0, MSFT, "BUY", "STP", "DAY", ""),
    plan(0, KO, "SELL", "LMT", "GTC", "", { faGroup: group }),
    plan(0, TSLA, "BUY", "LMT", "DAY", ""),
    plan(0, JPM, "SELL", "TRAIL", "GTC", ""),
  ].map((p) => (p.faGroup === "" || group !== "" ? p : { ...p, faGroup: "" }));
}
