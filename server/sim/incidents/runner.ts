/**
 * Runs incidents against the simulated gateway, one at a time or from a scenario's timeline,
 * and keeps what is running (with when it ends by itself) and what is scheduled. An incident
 * with a duration restores the gateway when its time is up, or earlier on `restore`.
 */
import type { SimGateway } from "../gateway";
import { UnknownSymbolError } from "../model/prices";
import type { Clock } from "./clock";
import { fillBurst } from "./order-burst";
import { multiplierAt, peakMultiplier, squeezeSeconds, SqueezeError, type SqueezePlan } from "./margin-squeeze";
import type { Incident, IncidentKind, Scenario } from "./schema";
import { Timeline, type ScheduledStep } from "./timeline";
import { DEFAULT_FARMS, MARGIN_WARNING_CODE, marginWarningMessage } from "./wording";

export type IncidentTarget = Pick<
  SimGateway,
  | "accounts"
  | "groups"
  | "accountFigures"
  | "fillOrders"
  | "shock"
  | "dropConnections"
  | "restart"
  | "connectivity"
  | "notify"
  | "setFarm"
  | "setHalfOpen"
  | "setMarginMultiplier"
>;

/** An incident the gateway cannot run as asked: `status` is the HTTP status that says why. */
export class IncidentRefusedError extends Error {
  override readonly name = "IncidentRefusedError";
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface RunningIncident {
  id: number;
  kind: IncidentKind;
  incident: Incident;
  startedAt: string;
  /** When it ends by itself; null for one that ends only when its work is done. */
  endsAt: string | null;
  /** The accounts it concerns, if any. */
  accounts?: string[];
}

interface Running extends RunningIncident {
  /** Restores the gateway; undefined for an incident that cannot be cut short (the daily restart). */
  restore?: () => void;
}

export interface IncidentResult {
  id: number;
  kind: IncidentKind;
  /** Still running (it has a duration), or done at once. */
  running: boolean;
  endsAt: string | null;
  detail?: Record<string, unknown>;
}

export interface StepFailure {
  scenario: string;
  step: number;
  kind: IncidentKind;
  error: string;
  at: string;
}

/** How often a squeeze moves the multiplier (the gateway pushes figures on each move). */
const SQUEEZE_STEP_MS = 500;
const MAX_FAILURES_KEPT = 50;

export class IncidentRunner {
  private nextId = 1;
  private readonly running = new Map<number, Running>();
  private readonly failures: StepFailure[] = [];
  private readonly timeline: Timeline;

  constructor(
    private readonly target: IncidentTarget,
    private readonly clock: Clock,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.timeline = new Timeline(
      clock,
      (incident, step) => {
        this.log(`scenario ${step.scenario}: step ${step.step} at ${step.at} s: ${incident.kind}`);
        this.run(incident);
      },
      (step, error) => this.recordFailure(step, error),
    );
  }

  /** Starts an incident now. Throws IncidentRefusedError when it cannot run as asked. */
  run(incident: Incident): IncidentResult {
    switch (incident.kind) {
      case "price-shock":
        try {
          this.target.shock(incident.percent, incident.symbol);
        } catch (error) {
          if (error instanceof UnknownSymbolError) throw new IncidentRefusedError(400, error.message);
          throw error;
        }
        return this.instant(incident, { shocked: incident.symbol ?? "all", percent: incident.percent });
      case "socket-drop":
        this.target.dropConnections();
        return this.instant(incident);
      case "margin-warning":
        this.checkAccount(incident.account);
        this.target.notify(MARGIN_WARNING_CODE, marginWarningMessage(incident.account));
        return this.instant(incident, { code: MARGIN_WARNING_CODE });
      case "connectivity-loss": {
        this.checkExclusive(incident.kind);
        this.target.connectivity(1100);
        const restoreCode = incident.data === "lost" ? 1101 : 1102;
        return this.timed(incident, incident.downSeconds, () => this.target.connectivity(restoreCode), { restoreCode });
      }
      case "farm-outage": {
        const farms = incident.farms ?? [...DEFAULT_FARMS];
        for (const farm of farms) this.target.setFarm(farm, false);
        return this.timed(incident, incident.downSeconds, () => farms.forEach((farm) => this.target.setFarm(farm, true)), { farms });
      }
      case "half-open":
        this.checkExclusive(incident.kind);
        this.target.setHalfOpen(true);
        return this.timed(incident, incident.seconds, () => this.target.setHalfOpen(false));
      case "daily-restart":
        return this.restart(incident);
      case "margin-squeeze":
        return this.squeeze(incident);
      case "order-burst":
        return this.burst(incident);
      case "restore":
        return this.instant(incident, { restored: this.restore(incident.id) });
    }
  }

  /** Schedules a scenario's steps from now. */
  startScenario(scenario: Scenario): ScheduledStep[] {
    this.log(`scenario ${scenario.name}: ${scenario.steps.length} steps over ${scenario.steps.at(-1)?.at ?? 0} s`);
    return this.timeline.start(scenario);
  }

  status(): { running: RunningIncident[]; scheduled: ScheduledStep[]; failures: StepFailure[] } {
    const running = [...this.running.values()].map(({ restore: _restore, ...view }) => view);
    return { running, scheduled: this.timeline.scheduled(), failures: [...this.failures] };
  }

  /** Cancels what is scheduled and restores what is running (the control surface is closing). */
  close(): void {
    this.timeline.cancel();
    this.restore(undefined);
  }

  private restore(id: number | undefined): number[] {
    const chosen = id === undefined ? [...this.running.values()] : [this.running.get(id)];
    if (id !== undefined && !chosen[0]) throw new IncidentRefusedError(404, `no running incident ${id}`);
    const restored: number[] = [];
    for (const incident of chosen) {
      if (!incident?.restore) continue;
      incident.restore();
      restored.push(incident.id);
    }
    return restored;
  }

  private instant(incident: Incident, detail?: Record<string, unknown>): IncidentResult {
    const id = this.nextId++;
    this.log(`incident ${id}: ${incident.kind}`);
    return { id, kind: incident.kind, running: false, endsAt: null, detail };
  }

  /** Registers a running incident; `restore` runs once, when its time is up or on `restore`. */
  private register(incident: Incident, seconds: number | null, restore: (() => void) | undefined, accounts?: string[]): Running {
    const id = this.nextId++;
    const startedAt = this.clock.now();
    let timer: unknown;
    const entry: Running = {
      id,
      kind: incident.kind,
      incident,
      startedAt: new Date(startedAt).toISOString(),
      endsAt: seconds === null ? null : new Date(startedAt + seconds * 1000).toISOString(),
      accounts,
    };
    if (restore) {
      entry.restore = () => {
        if (!this.running.delete(id)) return;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        this.log(`incident ${id}: ${incident.kind} restored`);
        restore();
      };
      if (seconds !== null) timer = this.clock.setTimeout(() => entry.restore?.(), seconds * 1000);
    }
    this.running.set(id, entry);
    this.log(`incident ${id}: ${incident.kind}${seconds === null ? "" : ` for ${seconds} s`}`);
    return entry;
  }

  private timed(incident: Incident, seconds: number, restore: () => void, detail?: Record<string, unknown>): IncidentResult {
    const entry = this.register(incident, seconds, restore);
    return { id: entry.id, kind: incident.kind, running: true, endsAt: entry.endsAt, detail };
  }

  private restart(incident: Extract<Incident, { kind: "daily-restart" }>): IncidentResult {
    this.checkExclusive(incident.kind);
    const entry = this.register(incident, incident.downSeconds, undefined);
    void this.target
      .restart(incident.downSeconds * 1000)
      .catch((error: unknown) => this.log(`incident ${entry.id}: restart failed: ${String(error)}`))
      .finally(() => this.running.delete(entry.id));
    return { id: entry.id, kind: incident.kind, running: true, endsAt: entry.endsAt };
  }

  private squeeze(incident: Extract<Incident, { kind: "margin-squeeze" }>): IncidentResult {
    const accounts = this.squeezeAccounts(incident);
    for (const other of this.running.values()) {
      if (other.kind === "margin-squeeze" && other.accounts?.some((a) => accounts.includes(a))) {
        throw new IncidentRefusedError(409, `incident ${other.id} already squeezes ${other.accounts.join(", ")}`);
      }
    }
    const timing = { rampSeconds: incident.rampSeconds, holdSeconds: incident.holdSeconds, recoverSeconds: incident.recoverSeconds };
    const plans = new Map<string, SqueezePlan>();
    for (const account of accounts) {
      try {
        plans.set(account, { peak: peakMultiplier(account, this.target.accountFigures(account), incident.severity), ...timing });
      } catch (error) {
        if (error instanceof SqueezeError) throw new IncidentRefusedError(400, error.message);
        throw error;
      }
    }
    const total = squeezeSeconds(timing);
    const startedAt = this.clock.now();
    let timer: unknown;
    const apply = (multiplierOf: (plan: SqueezePlan) => number) => {
      for (const [account, plan] of plans) this.target.setMarginMultiplier(account, multiplierOf(plan));
    };
    const step = () => {
      const elapsed = (this.clock.now() - startedAt) / 1000;
      if (elapsed >= total) {
        entry.restore?.();
        return;
      }
      apply((plan) => multiplierAt(plan, elapsed));
      timer = this.clock.setTimeout(step, SQUEEZE_STEP_MS);
    };
    const entry = this.register(
      incident,
      total,
      () => {
        this.clock.clearTimeout(timer);
        apply(() => 1);
      },
      accounts,
    );
    step();
    const peaks = Object.fromEntries([...plans].map(([account, plan]) => [account, Number(plan.peak.toFixed(4))]));
    return { id: entry.id, kind: incident.kind, running: true, endsAt: entry.endsAt, detail: { accounts, peakMultiplier: peaks } };
  }

  private burst(incident: Extract<Incident, { kind: "order-burst" }>): IncidentResult {
    const { account } = incident;
    if (account !== undefined) this.checkAccount(account);
    let burst: ReturnType<typeof fillBurst>;
    const entry = this.register(incident, null, () => burst.stop(), account === undefined ? undefined : [account]);
    try {
      burst = fillBurst(this.target, { account, count: incident.count, intervalMs: incident.intervalMs }, this.clock);
    } catch (error) {
      this.running.delete(entry.id);
      throw new IncidentRefusedError(400, (error as Error).message);
    }
    void burst.done.then(() => this.running.delete(entry.id));
    return { id: entry.id, kind: incident.kind, running: true, endsAt: null, detail: { account: account ?? "all", count: incident.count } };
  }

  private squeezeAccounts(incident: Extract<Incident, { kind: "margin-squeeze" }>): string[] {
    if (incident.account !== undefined) {
      this.checkAccount(incident.account);
      return [incident.account];
    }
    const group = this.target.groups.find((g) => g.name === incident.group);
    if (!group) throw new IncidentRefusedError(404, `unknown FA group ${incident.group}`);
    return [...group.accounts];
  }

  private checkAccount(account: string): void {
    if (!this.target.accounts.includes(account)) throw new IncidentRefusedError(404, `unknown account ${account}`);
  }

  /** Connectivity loss, half-open and the restart cannot overlap themselves: the second would undo the first's state. */
  private checkExclusive(kind: IncidentKind): void {
    const other = [...this.running.values()].find((incident) => incident.kind === kind);
    if (other) throw new IncidentRefusedError(409, `${kind} incident ${other.id} is still running`);
  }

  private recordFailure(step: ScheduledStep, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.log(`scenario ${step.scenario}: step ${step.step} (${step.incident.kind}) failed: ${message}`);
    this.failures.push({ scenario: step.scenario, step: step.step, kind: step.incident.kind, error: message, at: new Date(this.clock.now()).toISOString() });
    if (this.failures.length > MAX_FAILURES_KEPT) this.failures.shift();
  }
}
