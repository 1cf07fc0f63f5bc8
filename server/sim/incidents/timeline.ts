/**
 * Runs a scenario's steps at their offsets. What is still to come can be listed and
 * cancelled; a step that fails is reported and does not stop the ones after it.
 */
import type { Clock } from "./clock";
import type { Incident, Scenario } from "./schema";

export interface ScheduledStep {
  scenario: string;
  /** 1-based, in time order. */
  step: number;
  at: number;
  dueAt: number;
  incident: Incident;
}

export class Timeline {
  private readonly pending = new Map<ScheduledStep, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly run: (incident: Incident, step: ScheduledStep) => void,
    private readonly report: (step: ScheduledStep, error: unknown) => void,
  ) {}

  /** Schedules every step from now; returns them as scheduled. */
  start(scenario: Scenario): ScheduledStep[] {
    const startedAt = this.clock.now();
    return scenario.steps.map(({ at, incident }, index) => {
      const step: ScheduledStep = { scenario: scenario.name, step: index + 1, at, dueAt: startedAt + at * 1000, incident };
      const handle = this.clock.setTimeout(() => this.fire(step), at * 1000);
      this.pending.set(step, handle);
      return step;
    });
  }

  /** Steps not yet run, soonest first. */
  scheduled(): ScheduledStep[] {
    return [...this.pending.keys()].sort((a, b) => a.dueAt - b.dueAt || a.step - b.step);
  }

  /** Cancels every step not yet run; returns how many. */
  cancel(): number {
    const count = this.pending.size;
    for (const handle of this.pending.values()) this.clock.clearTimeout(handle);
    this.pending.clear();
    return count;
  }

  private fire(step: ScheduledStep): void {
    if (!this.pending.delete(step)) return;
    try {
      this.run(step.incident, step);
    } catch (error) {
      this.report(step, error);
    }
  }
}
