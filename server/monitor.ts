import type { AlertAcknowledgement, AlertRuleSet } from "@/lib/alerts";
import type { WorkingOrder } from "@/lib/orders";
import type { Scope } from "@/lib/scope";
import { Collector, type CollectorConfig, type CollectorOptions } from "@/server/ib/collector";
import type { Logger } from "@/server/logger";
import { Publication } from "@/server/realtime/publication";
import type { AlertTransition } from "@/server/risk/alerts/alert-book";
import { RiskEngine, type EngineEvent, type ScopeFigures } from "@/server/risk/engine";
import type { RiskThresholds } from "@/server/risk/thresholds";

export interface MonitorOptions {
  /** How often the intraday chart gets a point per account, per FA group and for the firm. */
  historySampleMs?: number;
  /** How often the link status is re-read and time passes for the engine (silence, ages). */
  linkRefreshMs?: number;
  /** The risk engine's thresholds; its defaults when absent. */
  thresholds?: RiskThresholds;
  /** The alert rules, merged over the defaults; the defaults for the thresholds when absent. */
  alertRules?: AlertRuleSet;
  /** Timings and limits of the IB link (tests and the bench shorten or lift them). */
  collector?: CollectorOptions;
}

export interface Monitor {
  readonly collector: Collector;
  readonly publication: Publication;
  /** The engine's figures per scope at a time (the firm, every FA group, every account). */
  figuresByScope(at: number): ScopeFigures[];
  /** The followed accounts a scope covers. */
  scopeAccounts(scope: Scope): readonly string[];
  /** Called with the engine's alert transitions (raised, level changed, acknowledged, cleared) as they happen. */
  onAlertTransitions(listener: (transitions: readonly AlertTransition[]) => void): void;
  /** Hands an acknowledgement to the engine; why it refused it, or null. */
  acknowledgeAlert(id: string, acknowledgement: AlertAcknowledgement): string | null;
  alertRules(): AlertRuleSet;
  /** The given rules replace the engine's (the others stay); why it refused them, or null. */
  setAlertRules(rules: AlertRuleSet): string | null;
  /** Every working order the engine knows of. */
  workingOrders(): WorkingOrder[];
  stop(): void;
}

/**
 * The backend without its HTTP face: the collector feeding the risk engine, whose view
 * the stream hub publishes. Starts connecting to TWS at once.
 */
export function startMonitor(config: CollectorConfig, logger: Logger, options: MonitorOptions = {}): Monitor {
  const collector = new Collector(config, logger, options.collector);
  const engine = new RiskEngine({ initialLink: collector.status, thresholds: options.thresholds, alertRules: options.alertRules });
  const publication = new Publication({ engine });
  const alertListeners: Array<(transitions: readonly AlertTransition[]) => void> = [];
  const apply = (event: EngineEvent) => {
    const changes = publication.apply(event);
    if (changes.alerts.length) {
      for (const listener of alertListeners) {
        // A failing recorder or webhook must not take the engine (or the process) with it.
        try {
          listener(changes.alerts);
        } catch (error) {
          logger.error({ err: error }, "an alert listener failed; the others were still told");
        }
      }
    }
    return changes;
  };
  collector.onEvent(apply);

  /** A timer's work, kept from becoming an uncaught exception that would end the process. */
  const guarded = (what: string, work: () => void) => () => {
    try {
      work();
    } catch (error) {
      logger.error({ err: error }, `${what} failed; it runs again at the next interval`);
    }
  };
  const tick = () => {
    apply({ type: "link", status: collector.status });
    apply({ type: "tick", at: Date.now() });
  };
  const sample = () => apply({ type: "sample", at: Date.now() });
  const timers = [setInterval(guarded("the engine tick", tick), options.linkRefreshMs ?? 1000), setInterval(guarded("the history sample", sample), options.historySampleMs ?? 5000)];
  for (const timer of timers) timer.unref();
  collector.start();

  return {
    collector,
    publication,
    figuresByScope: (at) => engine.figuresByScope(at),
    scopeAccounts: (scope) => engine.scopeAccounts(scope),
    onAlertTransitions: (listener) => void alertListeners.push(listener),
    acknowledgeAlert: (id, { by, at, note }) => apply({ type: "alertAcknowledged", id, by, at, note }).alertRefusal,
    alertRules: () => engine.alertRules(),
    setAlertRules: (rules) => apply({ type: "alertRulesChanged", rules }).alertRefusal,
    workingOrders: () => engine.allOrders(),
    stop() {
      for (const timer of timers) clearInterval(timer);
      collector.stop();
    },
  };
}
