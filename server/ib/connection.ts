import { EventEmitter } from "node:events";
import { EventName, IBApi } from "@stoqey/ib";
import type { ClientIdInUse, IbErrorInfo, LinkState, LinkStatus, RestartStatus } from "@/lib/stream";
import type { Logger } from "@/server/logger";
import { IB_CODES } from "./errors";
import { FarmBoard, parseFarmNotice } from "./farms";
import { FrameGuard, type WireFault } from "./frame-guard";
import { LivenessWatch } from "./liveness";
import { inRestartWindow, type RestartWindow } from "./restart-window";

export interface ConnectionOptions {
  host: string;
  port: number;
  /** Fixed for the life of the process: IB ties open orders and sessions to it. */
  clientId: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** From the connect call to nextValidId; past it the attempt is dropped and retried. */
  handshakeTimeoutMs?: number;
  /** After this long without a message on a ready link, RiskDesk asks IB for the time. */
  heartbeatAfterMs?: number;
  /** A probe unanswered this long means the link is dead: drop it and reconnect. */
  probeTimeoutMs?: number;
  /** Sends a request through the connection's pacer (the heartbeat is a request too). */
  pace?: (send: () => void) => void;
  /** The client library's own outgoing limit; RiskDesk's pacer sits in front of it. */
  libraryMaxRequestsPerSecond?: number;
  /** The gateway's daily restart: a disconnect inside it is expected. */
  restartWindow?: RestartWindow | null;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

/** A code and text from IB or from the client library, with the request it concerns. */
export interface IbMessage {
  code: number;
  message: string;
  /** null for messages about the connection as a whole (IB's reqId -1). */
  reqId: number | null;
}

/** The connection's own part of the link status (the collector adds its queue, warnings and reconcile). */
export type ConnectionStatus = Omit<LinkStatus, "pendingRequests" | "warnings" | "lastReconcile">;

/** Why a session is ready: a new socket's handshake, or IB's 1101 on the same socket. */
export type ReadyCause = "connected" | "restored";

interface ConnectionEvents {
  status: [ConnectionStatus];
  /** A session that keeps none of our subscriptions is usable (a new socket, or 1101): send them all. */
  ready: [ReadyCause];
  /** Everything IB or the library said, unclassified. */
  message: [IbMessage];
}

const NO_REQ_ID = -1;
const WATCHDOG_TICK_MS = 1000;
/** A watchdog tick this late is worth a log line: RiskDesk itself was not listening. */
const STALL_WORTH_LOGGING_MS = 1000;

/**
 * Owns the one TWS API socket: disconnected → connecting → handshaking → ready (once
 * nextValidId has arrived, because @stoqey/ib reports "connected" on the server-version
 * message, before a 326 rejection could come). Reconnects with capped, jittered
 * exponential backoff whenever the socket closes, always with the same client id: a 326
 * (id in use) is shown on the link status and retried with that id, never another, because
 * IB ties open orders to it and the holder is most often our own session not yet reaped.
 */
export class IbConnection extends EventEmitter<ConnectionEvents> {
  readonly api: IBApi;
  private readonly guard: FrameGuard;
  private readonly options: Required<Omit<ConnectionOptions, "logger" | "restartWindow">> & { logger: Logger };
  private readonly restartWindow: RestartWindow | null;
  private state: LinkState = "disconnected";
  private stateSince: number;
  private serverVersion: number | null = null;
  private ibServersLostSince: number | null = null;
  private readonly farms = new FarmBoard();
  private clientIdInUse: ClientIdInUse | null = null;
  /** When the link stopped being ready (or RiskDesk started without one); null while ready. */
  private outageStart: number | null = null;
  private lastMessageAt: number | null = null;
  private lastError: IbErrorInfo | null = null;
  private reconnectAttempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly liveness: LivenessWatch;
  private running = false;

  constructor(options: ConnectionOptions) {
    super();
    const { restartWindow = null, ...rest } = options;
    this.restartWindow = restartWindow;
    this.options = {
      handshakeTimeoutMs: 10_000,
      heartbeatAfterMs: 5_000,
      probeTimeoutMs: 5_000,
      pace: (send) => send(),
      libraryMaxRequestsPerSecond: 50,
      now: Date.now,
      random: Math.random,
      ...rest,
    };
    this.stateSince = this.options.now();
    this.liveness = new LivenessWatch({
      heartbeatAfterMs: this.options.heartbeatAfterMs,
      probeTimeoutMs: this.options.probeTimeoutMs,
      tickMs: WATCHDOG_TICK_MS,
    });
    this.api = new IBApi({
      host: options.host,
      port: options.port,
      clientId: options.clientId,
      maxReqPerSec: this.options.libraryMaxRequestsPerSecond,
    });
    this.guard = new FrameGuard(this.api, (fault) => this.onWireFault(fault));
    this.listen();
  }

  get status(): ConnectionStatus {
    return {
      state: this.state,
      host: this.options.host,
      port: this.options.port,
      clientId: this.options.clientId,
      serverVersion: this.serverVersion,
      ibServersLost: this.ibServersLostSince !== null,
      ibServersLostSince: this.ibServersLostSince,
      lastMessageAt: this.lastMessageAt,
      stateSince: this.stateSince,
      downSince: this.outageStart,
      reconnectAttempt: this.reconnectAttempt,
      lastError: this.lastError,
      farms: this.farms.list(),
      restart: this.restartStatus(),
      clientIdInUse: this.clientIdInUse,
    };
  }

  /**
   * A disconnect is expected while it started inside the restart window and the window
   * has not ended: a gateway still down after its window is a real outage.
   */
  private restartStatus(): RestartStatus {
    const window = this.restartWindow;
    if (!window) return { window: null, inWindow: false, expectedDisconnect: false };
    const inWindow = inRestartWindow(window, this.options.now());
    const expectedDisconnect = inWindow && this.outageStart !== null && inRestartWindow(window, this.outageStart);
    return { window: window.text, inWindow, expectedDisconnect };
  }

  get isReady(): boolean {
    return this.state === "ready";
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.outageStart ??= this.options.now();
    // The verdict waits for the loop's poll phase: after a stall, what the gateway sent in
    // the meantime is read (and counted as heard) before silence is judged.
    this.watchdog = setInterval(() => setImmediate(() => this.checkAlive()), WATCHDOG_TICK_MS);
    this.watchdog.unref();
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clientIdInUse = null;
    clearInterval(this.watchdog);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.handshakeTimer);
    if (this.state !== "disconnected") this.api.disconnect();
    this.setState("disconnected");
  }

  private connect(): void {
    // A new session reports every farm afresh.
    this.farms.clear();
    if (this.clientIdInUse) this.clientIdInUse = { ...this.clientIdInUse, nextRetryAt: null };
    this.setState("connecting");
    // Armed at the connect call, not at the server's first message: a gateway that accepts
    // the socket and never answers (hung, restarting, a TWS confirmation dialog) must not
    // leave us connecting forever.
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = setTimeout(() => {
      this.options.logger.warn({ state: this.state }, "no nextValidId within the handshake timeout; dropping the socket");
      this.recordError(IB_CODES.notConnected, `handshake timed out in state ${this.state}`);
      this.api.disconnect();
    }, this.options.handshakeTimeoutMs);
    this.options.logger.info(
      { host: this.options.host, port: this.options.port, clientId: this.options.clientId },
      "connecting to TWS API",
    );
    this.guard.reset();
    this.api.connect(this.options.clientId);
  }

  private listen(): void {
    const { api } = this;
    api.on(EventName.connected, () => this.onHandshakeStarted());
    api.on(EventName.server, (version: number) => {
      this.serverVersion = version;
    });
    api.on(EventName.nextValidId, () => this.onNextValidId());
    api.on(EventName.disconnected, () => this.onSocketClosed());
    api.on(EventName.received, () => {
      this.lastMessageAt = this.options.now();
      this.liveness.heard(this.lastMessageAt);
    });
    api.on(EventName.info, (message: string, code: number) =>
      this.onMessage({ code, message, reqId: null }),
    );
    api.on(EventName.error, (error: Error, code: number, reqId: number) =>
      this.onMessage({ code, message: error.message, reqId: reqId === NO_REQ_ID ? null : reqId }),
    );
  }

  /** A bad frame or an undecodable message ends the session; the reconnect starts afresh. */
  private onWireFault({ kind, msgId, error }: WireFault): void {
    const code = kind === "frame" ? IB_CODES.badLength : IB_CODES.badMessage;
    const what = kind === "frame" ? "a malformed frame" : `a message (id ${msgId}) the client library could not decode`;
    this.options.logger.error({ err: error, msgId, code, state: this.state }, `the gateway sent ${what}; dropping the socket`);
    this.recordError(code, `${what}: ${error.message}`);
    this.api.disconnect();
  }

  private onHandshakeStarted(): void {
    this.setState("handshaking");
  }

  /**
   * A ready link that goes quiet is asked for the time; one that does not answer is dead
   * (a partition, a paused VM, a NAT timeout never close the socket by themselves).
   * Silence is counted only while RiskDesk was listening (see LivenessWatch).
   */
  private checkAlive(): void {
    if (this.state !== "ready") return;
    const { verdict, stalledMs } = this.liveness.tick(this.options.now());
    if (stalledMs >= STALL_WORTH_LOGGING_MS) {
      this.options.logger.warn({ stalledMs }, "the event loop stalled; the stall is not counted as gateway silence");
    }
    if (verdict === "probe") this.options.pace(() => this.api.reqCurrentTime());
    if (verdict !== "drop") return;
    this.options.logger.warn("the gateway did not answer a heartbeat; dropping the socket");
    this.recordError(IB_CODES.notConnected, "no answer to a heartbeat");
    this.api.disconnect();
  }

  private onNextValidId(): void {
    // nextValidId also answers reqIds during a session; only the first one completes the handshake.
    if (this.state !== "handshaking") return;
    clearTimeout(this.handshakeTimer);
    this.reconnectAttempt = 0;
    this.ibServersLostSince = null;
    this.outageStart = null;
    if (this.clientIdInUse) {
      this.options.logger.info({ clientId: this.options.clientId, refusals: this.clientIdInUse.attempts }, "the client id is ours again");
      this.clientIdInUse = null;
    }
    this.liveness.reset(this.options.now());
    this.setState("ready");
    this.options.logger.info({ serverVersion: this.serverVersion }, "TWS API session ready");
    this.emit("ready", "connected");
  }

  private onSocketClosed(): void {
    clearTimeout(this.handshakeTimer);
    if (this.state === "ready") this.outageStart = this.options.now();
    if (this.running) this.scheduleReconnect();
    this.setState("disconnected");
  }

  private scheduleReconnect(): void {
    const delay = this.nextBackoff();
    this.reconnectAttempt += 1;
    const { expectedDisconnect } = this.restartStatus();
    if (this.clientIdInUse) {
      this.clientIdInUse = { ...this.clientIdInUse, nextRetryAt: this.options.now() + delay };
      this.options.logger.warn(
        { delayMs: delay, attempt: this.reconnectAttempt, clientId: this.options.clientId },
        "the client id is in use; retrying with the same id",
      );
    } else {
      this.options.logger.warn({ delayMs: delay, attempt: this.reconnectAttempt, expectedDisconnect }, "TWS API socket closed; reconnecting");
    }
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private nextBackoff(): number {
    const { reconnectMinMs, reconnectMaxMs, random } = this.options;
    const base = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this.reconnectAttempt);
    const jitter = 0.8 + 0.4 * random();
    return Math.round(Math.min(reconnectMaxMs, base * jitter));
  }

  private onMessage(message: IbMessage): void {
    const farm = message.reqId === null ? parseFarmNotice(message.code, message.message) : null;
    if (farm && this.farms.apply(farm, this.options.now())) this.emitStatus();
    switch (message.code) {
      case IB_CODES.connectivityLost:
      case IB_CODES.connectingDuringOutage:
        this.ibServersLostSince ??= this.options.now();
        this.emitStatus();
        break;
      case IB_CODES.restoredDataLost:
        this.ibServersLostSince = null;
        this.emitStatus();
        if (this.isReady) this.emit("ready", "restored");
        break;
      case IB_CODES.restoredDataKept:
        this.ibServersLostSince = null;
        this.emitStatus();
        break;
      case IB_CODES.clientIdInUse:
        this.onClientIdInUse(message);
        break;
      case IB_CODES.couldNotConnect:
      case IB_CODES.notConnected:
        this.recordError(message.code, message.message);
        break;
    }
    this.emit("message", message);
  }

  /** IB closes the socket after a 326; should it not, RiskDesk does, and retries with the same id. */
  private onClientIdInUse(message: IbMessage): void {
    const now = this.options.now();
    const attempts = (this.clientIdInUse?.attempts ?? 0) + 1;
    this.clientIdInUse = { since: this.clientIdInUse?.since ?? now, attempts, nextRetryAt: null };
    this.options.logger.error(
      { clientId: this.options.clientId, attempts },
      "IB refused the client id as already in use (326): another session holds it; RiskDesk retries with the same id and never switches",
    );
    this.recordError(message.code, message.message);
    if (this.state !== "disconnected") this.api.disconnect();
  }

  private recordError(code: number, message: string): void {
    this.lastError = { code, message, at: this.options.now() };
    this.emitStatus();
  }

  private setState(state: LinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateSince = this.options.now();
    this.emitStatus();
  }

  private emitStatus(): void {
    this.emit("status", this.status);
  }
}
