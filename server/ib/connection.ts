import { EventEmitter } from "node:events";
import { EventName, IBApi } from "@stoqey/ib";
import type { IbErrorInfo, LinkState, LinkStatus } from "@/lib/stream";
import type { Logger } from "@/server/logger";
import { IB_CODES } from "./errors";
import { FrameGuard, type WireFault } from "./frame-guard";
import { LivenessWatch } from "./liveness";

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

/** The connection's own part of the link status (the collector adds its queue and warnings). */
export type ConnectionStatus = Omit<LinkStatus, "pendingRequests" | "warnings">;

interface ConnectionEvents {
  status: [ConnectionStatus];
  /** A session that keeps none of our subscriptions is usable (a new socket, or 1101): send them all. */
  ready: [];
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
 * exponential backoff whenever the socket closes, always with the same client id.
 */
export class IbConnection extends EventEmitter<ConnectionEvents> {
  readonly api: IBApi;
  private readonly guard: FrameGuard;
  private readonly options: Required<Omit<ConnectionOptions, "logger">> & { logger: Logger };
  private state: LinkState = "disconnected";
  private stateSince: number;
  private serverVersion: number | null = null;
  private ibServersLost = false;
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
    this.options = {
      handshakeTimeoutMs: 10_000,
      heartbeatAfterMs: 5_000,
      probeTimeoutMs: 5_000,
      pace: (send) => send(),
      libraryMaxRequestsPerSecond: 50,
      now: Date.now,
      random: Math.random,
      ...options,
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
      ibServersLost: this.ibServersLost,
      lastMessageAt: this.lastMessageAt,
      stateSince: this.stateSince,
      reconnectAttempt: this.reconnectAttempt,
      lastError: this.lastError,
    };
  }

  get isReady(): boolean {
    return this.state === "ready";
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The verdict waits for the loop's poll phase: after a stall, what the gateway sent in
    // the meantime is read (and counted as heard) before silence is judged.
    this.watchdog = setInterval(() => setImmediate(() => this.checkAlive()), WATCHDOG_TICK_MS);
    this.watchdog.unref();
    this.connect();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.watchdog);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.handshakeTimer);
    if (this.state !== "disconnected") this.api.disconnect();
    this.setState("disconnected");
  }

  private connect(): void {
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
    this.ibServersLost = false;
    this.liveness.reset(this.options.now());
    this.setState("ready");
    this.options.logger.info({ serverVersion: this.serverVersion }, "TWS API session ready");
    this.emit("ready");
  }

  private onSocketClosed(): void {
    clearTimeout(this.handshakeTimer);
    if (this.running) this.scheduleReconnect();
    this.setState("disconnected");
  }

  private scheduleReconnect(): void {
    const delay = this.nextBackoff();
    this.reconnectAttempt += 1;
    this.options.logger.warn({ delayMs: delay, attempt: this.reconnectAttempt }, "TWS API socket closed; reconnecting");
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
    switch (message.code) {
      case IB_CODES.connectivityLost:
      case IB_CODES.connectingDuringOutage:
        this.ibServersLost = true;
        this.emitStatus();
        break;
      case IB_CODES.restoredDataLost:
        this.ibServersLost = false;
        this.emitStatus();
        if (this.isReady) this.emit("ready");
        break;
      case IB_CODES.restoredDataKept:
        this.ibServersLost = false;
        this.emitStatus();
        break;
      case IB_CODES.clientIdInUse:
      case IB_CODES.couldNotConnect:
      case IB_CODES.notConnected:
        this.recordError(message.code, message.message);
        break;
    }
    this.emit("message", message);
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
