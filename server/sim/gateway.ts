/**
 * The simulated IB Gateway: a TCP server speaking the TWS API, one Session per connection,
 * a client-id registry, and the tick timer that moves prices and pushes updates.
 */
import { createServer, type Server, type Socket } from "node:net";
import { once } from "node:events";
import { REQUEST_HANDLERS } from "./handlers";
import type { SimAccountFigures } from "./model/account-figures";
import type { FaConfig } from "./model/fa";
import type { SimPosition } from "./model/positions";
import { type OrderAction, type SimOrder } from "./model/orders";
import { Simulation, UnknownAccountError, type BookedFill, type SimulationOptions } from "./model/simulation";
import { OrderDesk } from "./order-desk";
import { conIdOfSymbol } from "./model/instruments";
import type { PositionField, WireOverride } from "./model/wire-overrides";
import { ERROR_CODE, MESSAGES, NO_REQ_ID, OUT_MSG_ID } from "./protocol";
import { Session, type SessionHost } from "./session";
import { DEFAULT_FARMS, farmNotice } from "./incidents/wording";
import { MIN_CLIENT_VERSION, SIM_MAX_VERSION } from "./wire/handshake";

export type { SimAccountFigures } from "./model/account-figures";
export type { FaConfig } from "./model/fa";
export type { SimPosition } from "./model/positions";
export type { PositionField, WireOverride } from "./model/wire-overrides";

export interface SimGatewayOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  seed?: number;
  /** Number of FA sub-accounts (ignored without FA). */
  accounts?: number;
  /** Position lines per account (2 to MAX_POSITIONS_PER_ACCOUNT, 95), including the EUR.USD cash line; default: 8-17 by risk profile. */
  positionsPerAccount?: number;
  /** An advisor login with sub-accounts and FA groups (default), or one individual account (false). */
  fa?: boolean;
  /** Pacing: client messages per second before error 100 (default 50, as IB). */
  maxMessagesPerSecond?: number;
  /** The highest server version it answers with (default SIM_MAX_VERSION, 193): an older gateway. */
  maxServerVersion?: number;
  /** Price tick interval; 0 = no timer, advance with step(). */
  tickMs?: number;
  /** How often changed account-summary values are pushed (rounded to whole ticks); default: every tick. */
  summaryIntervalMs?: number;
  /** TWS's "Read-Only API" setting: order actions are refused (switchable with setReadOnly). */
  readOnly?: boolean;
  logger?: (line: string) => void;
}

/** An order as the control surface reports it (GET /orders). */
export interface SimOrderView {
  orderId: number;
  clientId: number;
  permId: number;
  /** "" for an FA-group allocation (see faGroup). */
  account: string;
  faGroup: string;
  symbol: string;
  action: OrderAction;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | null;
  auxPrice: number | null;
  tif: string;
  status: string;
  filled: number;
  remaining: number;
  orderRef: string;
}

/** An order placed through the control surface (POST /orders). */
export interface SimOrderPlacement {
  account: string;
  symbol: string;
  action: OrderAction;
  quantity: number;
  orderType: string;
  lmtPrice?: number;
  auxPrice?: number;
  tif?: string;
  /** As if placed by this API client id; 0 (default) a manual TWS order. */
  clientId?: number;
}

export type ConnectivityCode = 1100 | 1101 | 1102;

export interface SimGateway {
  readonly host: string;
  readonly port: number;
  readonly accounts: readonly string[];
  /** The FA master account (not a managed account); for an individual login, its one account. */
  readonly masterAccount: string;
  /** FA groups and their member accounts (none without FA). */
  readonly groups: ReadonlyArray<{ name: string; accounts: readonly string[] }>;
  /** Price ticks so far. */
  readonly tickCount: number;
  readonly paused: boolean;
  /** False for an individual (non-FA) login. */
  readonly fa: boolean;
  /** The exact numbers the simulator would send now. Throws for an unknown account. */
  accountFigures(accountId: string): SimAccountFigures;
  /** The account's FA alias (its id when it has none). Throws for an unknown account. */
  alias(accountId: string): string;
  /** Open positions with their P&L exactly as the simulator would send them now (one account or all). */
  positions(accountId?: string): SimPosition[];
  /**
   * Sets the account's position in `conId` to `quantity` (0 closes it; a conId not held opens
   * one) at the current price, and pushes the changed positions and figures to subscribers.
   */
  trade(accountId: string, conId: number, quantity: number): SimPosition[];
  /** FA groups and the accounts' human aliases, as reqFA serves them. */
  faConfig(): FaConfig;
  /**
   * From the next summary push on, sends `value` for the account's summary `tag` instead of
   * its true value: "unset" is IB's unset double, a number or any text goes as written;
   * null sends the true value again. Throws for an unknown account.
   */
  overrideAccountValue(accountId: string, tag: string, value: WireOverride | null): void;
  /** Likewise for a held position's size or average cost, pushed to position subscribers at once. */
  overridePosition(accountId: string, conId: number, field: PositionField, value: WireOverride | null): void;
  /** Advances prices synchronously and pushes updates (P&L and changed summary values). */
  step(ticks?: number): void;
  pause(): void;
  resume(): void;
  /** Moves prices by `percent` at once: all stocks and futures, or one symbol (e.g. AAPL, ES, EUR). */
  shock(percent: number, symbol?: string): void;
  /** Closes every client socket, as a dropped connection. */
  dropConnections(): void;
  /** Daily restart: closes every socket and refuses connections for `downMs`, then accepts again. */
  restart(downMs: number): Promise<void>;
  /** Sends IB's connectivity message (with its farm messages) to every session. */
  connectivity(code: ConnectivityCode): void;
  /** Sends a notice (ERR_MSG with reqId -1: a margin warning ...) to every connected client. */
  notify(code: number, message: string): void;
  /** A data farm broken or OK again: every client hears it (2103/2105/2157 or 2104/2106/2158), and so does each new one at connect. */
  setFarm(farm: string, ok: boolean): void;
  /** Half-open sockets: every connection (and each new one) stays open but silent until called with false. */
  setHalfOpen(halfOpen: boolean): void;
  /** Raises the account's margin requirements by `multiplier` (1 = normal) and pushes its figures. */
  setMarginMultiplier(accountId: string, multiplier: number): void;
  connectedClientIds(): number[];
  /** How many account summary subscriptions the client holds now (IB serves two at most). */
  accountSummarySubscriptions(clientId: number): number;
  /** Every order of the login today with its current status. */
  orders(): SimOrderView[];
  /** Places an order as client `clientId` would (0: manually in TWS); throws OrderRejection as TWS refuses. */
  placeOrder(placement: SimOrderPlacement): { orderId: number; permId: number };
  /**
   * Fills up to `count` working orders at the current prices (only those booked to `accountId`,
   * if given), pushing their statuses, executions, positions and figures; returns how many filled.
   * Throws for an unknown account.
   */
  fillOrders(count: number, accountId?: string): number;
  readonly readOnly: boolean;
  /** TWS's "Read-Only API" setting. */
  setReadOnly(on: boolean): void;
  close(): Promise<void>;
}

export class UnknownPositionError extends Error {
  override readonly name = "UnknownPositionError";
}

const RELISTEN_RETRY_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULTS = {
  host: "127.0.0.1",
  port: 4002,
  seed: 7,
  accounts: 5,
  tickMs: 1000,
  maxMessagesPerSecond: 50,
} as const;

class Gateway implements SimGateway, SessionHost {
  readonly handlers = REQUEST_HANDLERS;
  readonly simulation: Simulation;
  readonly orderDesk: OrderDesk;
  connectivityLost = false;
  private halfOpen = false;
  private readonly brokenFarms = new Set<string>();
  private server: Server;
  private readonly sessions = new Set<Session>();
  private readonly clientIds = new Map<number, Session>();
  private timer: NodeJS.Timeout | undefined;
  private ticksSinceSummary = 0;
  private readonly summaryEveryTicks: number;
  private listeningPort = 0;
  private closed = false;

  constructor(
    readonly host: string,
    private readonly tickMs: number,
    summaryIntervalMs: number,
    seed: number,
    accountCount: number,
    simulationOptions: SimulationOptions,
    readonly maxMessagesPerSecond: number,
    readonly maxServerVersion: number,
    private readonly logger: (line: string) => void,
    readOnly: boolean,
  ) {
    this.simulation = new Simulation(seed, accountCount, simulationOptions);
    this.orderDesk = new OrderDesk(this.simulation, () => this.sessions, readOnly);
    this.summaryEveryTicks = tickMs > 0 ? Math.max(1, Math.round(summaryIntervalMs / tickMs)) : 1;
    this.server = this.createServer();
  }

  get port(): number {
    return this.listeningPort;
  }

  get accounts(): readonly string[] {
    return this.simulation.accountIds;
  }

  get masterAccount(): string {
    return this.simulation.portfolio.masterAccount;
  }

  get groups(): ReadonlyArray<{ name: string; accounts: readonly string[] }> {
    return this.simulation.portfolio.groups;
  }

  get tickCount(): number {
    return this.simulation.tickCount;
  }

  get paused(): boolean {
    return this.timer === undefined;
  }

  async listen(port: number): Promise<void> {
    this.server.listen({ host: this.host, port });
    await once(this.server, "listening");
    const address = this.server.address();
    this.listeningPort = typeof address === "object" && address ? address.port : port;
  }

  log(line: string): void {
    this.logger(line);
  }

  claimClientId(clientId: number, session: Session): boolean {
    const holder = this.clientIds.get(clientId);
    if (holder && holder !== session) return false;
    this.clientIds.set(clientId, session);
    return true;
  }

  sessionEnded(session: Session): void {
    this.sessions.delete(session);
    const clientId = session.clientId;
    if (clientId !== undefined && this.clientIds.get(clientId) === session) this.clientIds.delete(clientId);
    this.log(`${session.label}: disconnected`);
  }

  get fa(): boolean {
    return this.simulation.isFa;
  }

  accountFigures(accountId: string): SimAccountFigures {
    return this.simulation.figures(accountId);
  }

  alias(accountId: string): string {
    return this.simulation.alias(accountId);
  }

  positions(accountId?: string): SimPosition[] {
    return this.simulation.positions(accountId);
  }

  trade(accountId: string, conId: number, quantity: number): SimPosition[] {
    const changes = this.simulation.trade(accountId, conId, quantity);
    if (changes.length > 0 && !this.connectivityLost) {
      for (const session of this.sessions) session.positionsChanged(changes);
      this.publish(true);
    }
    return changes.map((change) => this.simulation.positionLine(change.account, change.conId)!.figures);
  }

  faConfig(): FaConfig {
    return this.simulation.faConfig();
  }

  overrideAccountValue(accountId: string, tag: string, value: WireOverride | null): void {
    if (!this.simulation.hasAccount(accountId)) throw new UnknownAccountError(`unknown account ${accountId}`);
    this.simulation.overrides.setAccountValue(accountId, tag, value);
    this.publish(true);
  }

  overridePosition(accountId: string, conId: number, field: PositionField, value: WireOverride | null): void {
    if (!this.simulation.positionLine(accountId, conId)) throw new UnknownPositionError(`${accountId} holds no conId ${conId}`);
    this.simulation.overrides.setPositionField(accountId, conId, field, value);
    if (this.connectivityLost) return;
    for (const session of this.sessions) session.positionsChanged([{ account: accountId, conId }]);
  }

  step(ticks = 1): void {
    for (let i = 0; i < ticks; i++) {
      this.simulation.tick();
      this.matchOrders();
    }
    this.publish(true);
  }

  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    if (this.timer || this.tickMs <= 0 || this.closed) return;
    this.timer = setInterval(() => this.onTimer(), this.tickMs);
    this.timer.unref();
  }

  shock(percent: number, symbol?: string): void {
    this.simulation.shock(percent, symbol);
    this.matchOrders();
    this.publish(true);
  }

  dropConnections(): void {
    for (const session of [...this.sessions]) session.drop();
  }

  async restart(downMs: number): Promise<void> {
    this.log(`daily restart: down for ${downMs} ms`);
    const server = this.server;
    const closedServer = new Promise((resolve) => server.close(resolve));
    this.dropConnections();
    await closedServer;
    await sleep(downMs);
    // Someone may have taken the port meanwhile: keep trying, as a restarting gateway would.
    while (!this.closed) {
      this.server = this.createServer();
      try {
        await this.listen(this.listeningPort);
        this.log("daily restart: accepting connections again");
        return;
      } catch (error) {
        this.log(`daily restart: cannot listen yet: ${error instanceof Error ? error.message : String(error)}`);
        await sleep(RELISTEN_RETRY_MS);
      }
    }
  }

  connectivity(code: ConnectivityCode): void {
    this.connectivityLost = code === ERROR_CODE.CONNECTIVITY_LOST;
    for (const session of this.sessions) {
      if (!session.isReady) continue;
      switch (code) {
        case ERROR_CODE.CONNECTIVITY_LOST:
          session.sendError(NO_REQ_ID, code, MESSAGES.connectivityLost);
          session.sendError(NO_REQ_ID, ERROR_CODE.MARKET_DATA_FARM_BROKEN, MESSAGES.marketDataFarmBroken);
          session.sendError(NO_REQ_ID, ERROR_CODE.HMDS_FARM_BROKEN, MESSAGES.hmdsFarmBroken);
          break;
        case ERROR_CODE.CONNECTIVITY_RESTORED_DATA_LOST:
          session.forgetSubscriptions();
          session.sendError(NO_REQ_ID, code, MESSAGES.restoredDataLost);
          this.sendFarmsOk(session);
          break;
        case ERROR_CODE.CONNECTIVITY_RESTORED_DATA_KEPT:
          session.sendError(NO_REQ_ID, code, MESSAGES.restoredDataKept);
          this.sendFarmsOk(session);
          break;
      }
    }
  }

  notify(code: number, message: string): void {
    for (const session of this.sessions) if (session.isReady) session.sendError(NO_REQ_ID, code, message);
  }

  setFarm(farm: string, ok: boolean): void {
    if (ok) this.brokenFarms.delete(farm);
    else this.brokenFarms.add(farm);
    const { code, message } = farmNotice(farm, ok);
    this.notify(code, message);
  }

  farmNotices(): Array<{ code: number; message: string }> {
    const farms = new Set<string>([...DEFAULT_FARMS, ...this.brokenFarms]);
    return [...farms].map((farm) => farmNotice(farm, !this.brokenFarms.has(farm)));
  }

  setHalfOpen(halfOpen: boolean): void {
    this.halfOpen = halfOpen;
    for (const session of this.sessions) {
      if (halfOpen) session.silence();
      else session.resumeAfterSilence();
    }
  }

  setMarginMultiplier(accountId: string, multiplier: number): void {
    this.simulation.setMarginMultiplier(accountId, multiplier);
    this.publish(true);
  }

  accountSummarySubscriptions(clientId: number): number {
    return this.clientIds.get(clientId)?.countSubscriptions(`${OUT_MSG_ID.REQ_ACCOUNT_SUMMARY}:`) ?? 0;
  }

  orders(): SimOrderView[] {
    return this.simulation.orders.all().map(viewOf);
  }

  placeOrder(placement: SimOrderPlacement): { orderId: number; permId: number } {
    const order = this.orderDesk.placeAs(placement.clientId ?? 0, {
      account: placement.account,
      conId: conIdOfSymbol(placement.symbol) ?? 0,
      action: placement.action,
      totalQuantity: placement.quantity,
      orderType: placement.orderType,
      lmtPrice: placement.lmtPrice,
      auxPrice: placement.auxPrice,
      tif: placement.tif,
    });
    return { orderId: order.orderId, permId: order.permId };
  }

  fillOrders(count: number, accountId?: string): number {
    const fills = this.simulation.fillOrders(count, accountId);
    this.publishFills(fills);
    return fills.length;
  }

  get readOnly(): boolean {
    return this.orderDesk.readOnly;
  }

  setReadOnly(on: boolean): void {
    this.orderDesk.readOnly = on;
    this.log(`read-only API ${on ? "on" : "off"}`);
  }

  connectedClientIds(): number[] {
    return [...this.clientIds.keys()].sort((a, b) => a - b);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pause();
    const closedServer = new Promise((resolve) => this.server.close(resolve));
    this.dropConnections();
    await closedServer;
  }

  private createServer(): Server {
    const server = createServer((socket: Socket) => this.accept(socket));
    server.on("error", (error) => this.log(`server error: ${error.message}`));
    return server;
  }

  private accept(socket: Socket): void {
    const session = new Session(socket, this);
    this.sessions.add(session);
    if (this.halfOpen) session.silence();
    this.log(`${session.label}: accepted`);
  }

  private sendFarmsOk(session: Session): void {
    session.sendError(NO_REQ_ID, ERROR_CODE.MARKET_DATA_FARM_OK, MESSAGES.marketDataFarmOk);
    session.sendError(NO_REQ_ID, ERROR_CODE.HMDS_FARM_OK, MESSAGES.hmdsFarmOk);
  }

  /** Fills what the new prices cross; owners hear of the fills, position subscribers of the trades. */
  private matchOrders(): void {
    this.publishFills(this.simulation.matchOrders());
  }

  private publishFills(fills: readonly BookedFill[]): void {
    if (fills.length === 0 || this.connectivityLost) return;
    this.orderDesk.announceFills(fills);
    const changes = fills.flatMap((fill) => fill.changes);
    for (const session of this.sessions) session.positionsChanged(changes);
  }

  private onTimer(): void {
    this.simulation.tick();
    this.matchOrders();
    this.ticksSinceSummary++;
    const summaryDue = this.ticksSinceSummary >= this.summaryEveryTicks;
    if (summaryDue) this.ticksSinceSummary = 0;
    this.publish(summaryDue);
  }

  /** While IB's servers are "lost" (1100) prices keep moving but nothing is pushed. */
  private publish(summaryDue: boolean): void {
    if (this.connectivityLost) return;
    for (const session of this.sessions) {
      session.pushUpdates("tick");
      if (summaryDue) session.pushUpdates("summary");
    }
  }
}

function viewOf(order: SimOrder): SimOrderView {
  return {
    orderId: order.orderId,
    clientId: order.clientId,
    permId: order.permId,
    account: order.account,
    faGroup: order.faGroup,
    symbol: order.contract.symbol,
    action: order.action,
    totalQuantity: order.totalQuantity,
    orderType: order.orderType,
    lmtPrice: order.lmtPrice ?? null,
    auxPrice: order.auxPrice ?? null,
    tif: order.tif,
    status: order.status,
    filled: order.filled,
    remaining: order.totalQuantity - order.filled,
    orderRef: order.orderRef,
  };
}

export async function startSimGateway(options: SimGatewayOptions = {}): Promise<SimGateway> {
  const { maxServerVersion } = options;
  if (maxServerVersion !== undefined && !(Number.isInteger(maxServerVersion) && maxServerVersion >= MIN_CLIENT_VERSION && maxServerVersion <= SIM_MAX_VERSION)) {
    throw new RangeError(`maxServerVersion must be an integer from ${MIN_CLIENT_VERSION} to ${SIM_MAX_VERSION}`);
  }
  const tickMs = options.tickMs ?? DEFAULTS.tickMs;
  const gateway = new Gateway(
    options.host ?? DEFAULTS.host,
    tickMs,
    options.summaryIntervalMs ?? tickMs,
    options.seed ?? DEFAULTS.seed,
    options.accounts ?? DEFAULTS.accounts,
    { positionsPerAccount: options.positionsPerAccount, fa: options.fa },
    options.maxMessagesPerSecond ?? DEFAULTS.maxMessagesPerSecond,
    options.maxServerVersion ?? SIM_MAX_VERSION,
    options.logger ?? (() => {}),
    options.readOnly ?? false,
  );
  await gateway.listen(options.port ?? DEFAULTS.port);
  gateway.resume();
  return gateway;
}
