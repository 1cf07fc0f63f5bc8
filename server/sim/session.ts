/**
 * One client connection: the handshake, START_API and the client id, request dispatch, and
 * that client's live subscriptions. Framing or handshake errors close this connection only.
 */
import type { Socket } from "node:net";
import type { Cadence, RequestContext, RequestHandler, Subscription } from "./handlers/handler";
import { answerUnsupported } from "./handlers/unsupported";
import type { PositionChange, Simulation } from "./model/simulation";
import { ERROR_CODE, MESSAGES, NO_REQ_ID, OUT_MSG_ID, maxRateMessage, requestIdOf } from "./protocol";
import { errorMessage, managedAccounts, nextValidId, serverHello } from "./replies";
import { FrameBatch, FrameError, FrameReader, decodeFields, encodeFrame, type Field } from "@/server/tws-wire/frames";
import { API_PREFIX, formatConnectionTime, negotiate, parseVersionRange } from "./wire/handshake";
import { ClientRequest, MalformedRequestError } from "./wire/request";
import { RateWindow } from "./pacing";
import type { OrderDesk } from "./order-desk";
import { ENCODE_MSG_ASCII7, escapeNonAscii } from "@/server/tws-wire/unicode-escapes";

/** A client that lets this much output pile up unread is dropped rather than buffered forever. */
const MAX_PENDING_OUTPUT_BYTES = 16 * 1024 * 1024;
/** After a graceful close, how long the peer gets to read the last messages. */
const CLOSE_GRACE_MS = 1000;
/** Batched messages are written in chunks of this size (a huge answer does not wait for its end). */
const BATCH_CHUNK_BYTES = 64 * 1024;
/** IB's pacing limit is per second. */
const PACING_WINDOW_MS = 1000;
/** With +PACEAPI: how often waiting messages are retried, and how many may wait before the client is dropped. */
const PACE_RETRY_MS = 10;
const MAX_PACED_MESSAGES = 100_000;
/** The handshake's connect option asking TWS to pace requests instead of refusing them with 100. */
const PACE_API_OPTION = "+PACEAPI";

export interface SessionHost {
  readonly simulation: Simulation;
  /** Pacing: client messages served per second (sliding window); the excess gets error 100. */
  readonly maxMessagesPerSecond: number;
  /** The highest server version this gateway answers with. */
  readonly maxServerVersion: number;
  readonly handlers: ReadonlyMap<number, RequestHandler>;
  /** The login's orders and who hears of them. */
  readonly orderDesk: OrderDesk;
  /** Between 1100 and 1101/1102: new sessions hear 2110 instead of the farm-OK messages. */
  readonly connectivityLost: boolean;
  log(line: string): void;
  /** Reserves `clientId` for `session`; false while another session holds it. */
  claimClientId(clientId: number, session: Session): boolean;
  /** Called exactly once, when the session ends for whatever reason. */
  sessionEnded(session: Session): void;
}

type State = "awaitingPrefix" | "awaitingVersions" | "awaitingStartApi" | "ready" | "closed";

export class Session implements RequestContext {
  private state: State = "awaitingPrefix";
  private readonly reader = new FrameReader();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly pacing = new RateWindow(PACING_WINDOW_MS);
  /** While batching: encoded messages not yet written. */
  private batch: FrameBatch | undefined;
  private negotiatedVersion = 0;
  private orderId = 1;
  private heldClientId: number | undefined;
  private autoBind = false;
  /** +PACEAPI: requests beyond the rate wait here, in order, instead of getting error 100. */
  private paceApi = false;
  private paced: string[][] = [];
  private paceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", (error) => this.host.log(`${this.label}: socket error: ${error.message}`));
    socket.on("close", () => this.end());
  }

  get serverVersion(): number {
    return this.negotiatedVersion;
  }

  get simulation(): Simulation {
    return this.host.simulation;
  }

  get clientId(): number | undefined {
    return this.heldClientId;
  }

  get orders(): OrderDesk {
    return this.host.orderDesk;
  }

  get autoBindsOrders(): boolean {
    return this.autoBind;
  }

  setAutoBind(on: boolean): void {
    this.autoBind = on;
  }

  get label(): string {
    return `client ${this.heldClientId ?? "-"} (${this.socket.remoteAddress}:${this.socket.remotePort})`;
  }

  send(fields: Field[]): void {
    if (this.state === "closed") return;
    if (this.negotiatedVersion >= ENCODE_MSG_ASCII7) fields = fields.map((field) => (typeof field === "string" ? escapeNonAscii(field) : field));
    if (this.batch) {
      const full = this.batch.add(fields);
      if (full) this.write(full);
      return;
    }
    this.write(encodeFrame(fields));
  }

  private write(bytes: Buffer): void {
    this.socket.write(bytes);
    if (this.socket.writableLength > MAX_PENDING_OUTPUT_BYTES) {
      this.host.log(`${this.label}: not reading its messages; dropping it`);
      this.drop();
    }
  }

  /** Writes what the batch collected so far. */
  private flush(): void {
    const bytes = this.batch?.take();
    if (bytes && this.state !== "closed") this.write(bytes);
  }

  /** Runs `work`, sending the messages it produces in as few socket writes as possible. */
  private batched(work: () => void): void {
    const outer = this.batch !== undefined;
    if (!outer) this.batch = new FrameBatch(BATCH_CHUNK_BYTES);
    try {
      work();
    } finally {
      if (!outer) {
        this.flush();
        this.batch = undefined;
      }
    }
  }

  sendError(reqId: number, code: number, message: string): void {
    this.send(errorMessage(this.negotiatedVersion, reqId, code, message));
  }

  subscribe(key: string, subscription: Subscription): void {
    this.subscriptions.set(key, subscription);
  }

  hasSubscription(key: string): boolean {
    return this.subscriptions.has(key);
  }

  countSubscriptions(prefix: string): number {
    let count = 0;
    for (const key of this.subscriptions.keys()) if (key.startsWith(prefix)) count++;
    return count;
  }

  unsubscribe(key: string): boolean {
    return this.subscriptions.delete(key);
  }

  /** IB drops every subscription when it restores connectivity with data lost (1101). */
  forgetSubscriptions(): void {
    this.subscriptions.clear();
  }

  /** Never below the ids this client id already used (orders placed meanwhile, e.g. by the control surface). */
  nextOrderId(): number {
    this.orderId = Math.max(this.orderId + 1, this.host.orderDesk.nextValidId(this.heldClientId ?? 0));
    return this.orderId;
  }

  get isReady(): boolean {
    return this.state === "ready";
  }

  /** Pushes every subscription of this cadence; their messages leave in one socket write. */
  pushUpdates(cadence: Cadence): void {
    if (this.state !== "ready") return;
    this.batched(() => {
      try {
        for (const subscription of this.subscriptions.values()) {
          if (subscription.cadence === cadence) subscription.push();
        }
      } catch (error) {
        this.host.log(`${this.label}: update failed: ${describe(error)}`);
      }
    });
  }

  /** Tells the subscriptions that report positions which positions changed. */
  positionsChanged(changes: readonly PositionChange[]): void {
    if (this.state !== "ready" || changes.length === 0) return;
    this.batched(() => {
      try {
        for (const subscription of this.subscriptions.values()) subscription.positionsChanged?.(changes);
      } catch (error) {
        this.host.log(`${this.label}: position update failed: ${describe(error)}`);
      }
    });
  }

  /** Sends what is pending, then closes (as TWS does after a 326). */
  closeGracefully(): void {
    if (this.state === "closed") return;
    this.flush();
    this.end();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Closes the socket at once, as a dropped connection. */
  drop(): void {
    this.end();
    this.socket.destroy();
  }

  private end(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.subscriptions.clear();
    clearTimeout(this.paceTimer);
    this.paced = [];
    this.host.sessionEnded(this);
  }

  private receive(chunk: Buffer): void {
    if (this.state === "closed") return;
    // The answers to everything in this chunk leave together.
    this.batched(() => {
      try {
        this.reader.push(chunk);
        this.processInput();
      } catch (error) {
        this.host.log(`${this.label}: closing: ${describe(error)}`);
        this.drop();
      }
    });
  }

  private processInput(): void {
    while (this.state !== "closed") {
      if (this.state === "awaitingPrefix") {
        const prefix = this.reader.takeBytes(API_PREFIX.length);
        if (!prefix) return;
        if (!prefix.equals(API_PREFIX)) throw new FrameError("the connection does not start with API\\0");
        this.state = "awaitingVersions";
        continue;
      }
      const payload = this.reader.nextFrame();
      if (!payload) return;
      if (this.state === "awaitingVersions") this.answerHandshake(payload.toString("utf8"));
      else this.dispatch(decodeFields(payload));
    }
  }

  private answerHandshake(versionText: string): void {
    const negotiation = negotiate(parseVersionRange(versionText), this.host.maxServerVersion);
    if (!negotiation.accepted) {
      this.host.log(`${this.label}: refused: ${negotiation.reason}`);
      this.drop();
      return;
    }
    this.negotiatedVersion = negotiation.serverVersion;
    this.paceApi = parseVersionRange(versionText).connectOptions.split(/\s+/).includes(PACE_API_OPTION);
    this.send(serverHello(this.negotiatedVersion, formatConnectionTime(new Date())));
    this.state = "awaitingStartApi";
  }

  private dispatch(fields: string[]): void {
    const idText = fields[0] ?? "";
    if (!/^\d{1,9}$/.test(idText)) throw new FrameError(`message id is not a number: ${JSON.stringify(idText.slice(0, 20))}`);
    const request = new ClientRequest(Number(idText), fields);
    if (this.state === "awaitingStartApi") {
      if (request.msgId !== OUT_MSG_ID.START_API) throw new FrameError(`expected START_API, got message ${request.msgId}`);
      this.startApi(request);
      return;
    }
    const max = this.host.maxMessagesPerSecond;
    if (this.paceApi) {
      if (this.paced.length > 0 || !this.pacing.hasRoom(performance.now(), max)) {
        this.waitForPace(fields);
        return;
      }
      this.pacing.admit(performance.now(), max);
    } else {
      const { served, received } = this.pacing.admit(performance.now(), max);
      if (!served) {
        this.sendError(requestIdOf(fields), ERROR_CODE.MAX_RATE_EXCEEDED, maxRateMessage(max, received));
        return;
      }
    }
    this.serve(request, fields);
  }

  private waitForPace(fields: string[]): void {
    if (this.paced.length >= MAX_PACED_MESSAGES) throw new FrameError(`more than ${MAX_PACED_MESSAGES} requests waiting for their turn`);
    this.paced.push(fields);
    this.paceTimer ??= setTimeout(() => this.drainPaced(), PACE_RETRY_MS);
  }

  /** Serves the waiting requests the window has room for now, in order; retries later for the rest. */
  private drainPaced(): void {
    this.paceTimer = undefined;
    if (this.state !== "ready") return;
    this.batched(() => {
      const max = this.host.maxMessagesPerSecond;
      while (this.paced.length > 0 && this.state === "ready" && this.pacing.hasRoom(performance.now(), max)) {
        const fields = this.paced.shift()!;
        this.pacing.admit(performance.now(), max);
        this.serve(new ClientRequest(Number(fields[0]), fields), fields);
      }
    });
    if (this.paced.length > 0 && this.state === "ready") this.paceTimer = setTimeout(() => this.drainPaced(), PACE_RETRY_MS);
  }

  private serve(request: ClientRequest, fields: string[]): void {
    try {
      const handler = this.host.handlers.get(request.msgId);
      if (handler) handler(request, this);
      else answerUnsupported(request, this);
    } catch (error) {
      const reqId = requestIdOf(fields);
      if (error instanceof MalformedRequestError) {
        this.sendError(reqId, ERROR_CODE.CANNOT_READ_REQUEST, `Server error when reading an API client request. ${error.message}`);
      } else {
        this.host.log(`${this.label}: request ${request.msgId} failed: ${describe(error)}`);
        this.sendError(reqId, ERROR_CODE.CANNOT_PROCESS_REQUEST, "Server error when processing an API client request.");
      }
    }
  }

  /** START_API [71, 2, clientId, optionalCapabilities]; then the bootstrap a real gateway sends. */
  private startApi(request: ClientRequest): void {
    const clientId = request.skipVersion().int("clientId");
    if (!this.host.claimClientId(clientId, this)) {
      this.host.log(`${this.label}: client id ${clientId} is in use`);
      this.sendError(NO_REQ_ID, ERROR_CODE.CLIENT_ID_IN_USE, MESSAGES.clientIdInUse);
      this.closeGracefully();
      return;
    }
    this.heldClientId = clientId;
    this.orderId = Math.max(1, this.host.orderDesk.nextValidId(clientId));
    this.state = "ready";
    this.host.log(`${this.label}: connected at server version ${this.negotiatedVersion}`);
    // Order as captured from IB Gateway (reference transcripts): accounts, order id, farm status.
    this.send(managedAccounts(this.simulation.accountIds));
    this.send(nextValidId(this.orderId));
    if (this.host.connectivityLost) {
      this.sendError(NO_REQ_ID, ERROR_CODE.CONNECTING_DURING_OUTAGE, MESSAGES.connectingDuringOutage);
      return;
    }
    this.sendError(NO_REQ_ID, ERROR_CODE.MARKET_DATA_FARM_OK, MESSAGES.marketDataFarmOk);
    this.sendError(NO_REQ_ID, ERROR_CODE.HMDS_FARM_OK, MESSAGES.hmdsFarmOk);
    this.sendError(NO_REQ_ID, ERROR_CODE.SEC_DEF_FARM_OK, MESSAGES.secDefFarmOk);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
