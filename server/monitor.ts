import type { WorkingOrder } from "@/lib/orders";
import type { Scope } from "@/lib/scope";
import { Collector, type CollectorConfig, type CollectorOptions } from "@/server/ib/collector";
import type { Logger } from "@/server/logger";
import { Publication } from "@/server/realtime/publication";
import { RiskEngine, type ScopeFigures } from "@/server/risk/engine";
import type { RiskThresholds } from "@/server/risk/thresholds";

export interface MonitorOptions {
  /** How often the intraday chart gets a point per account, per FA group and for the firm. */
  historySampleMs?: number;
  /** How often the link status is re-read and time passes for the engine (silence, ages). */
  linkRefreshMs?: number;
  /** The risk engine's thresholds; its defaults when absent. */
  thresholds?: RiskThresholds;
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
  const engine = new RiskEngine({ initialLink: collector.status, thresholds: options.thresholds });
  const publication = new Publication({ engine });
  collector.onEvent((event) => publication.apply(event));

  const tick = () => {
    publication.apply({ type: "link", status: collector.status });
    publication.apply({ type: "tick", at: Date.now() });
  };
  const timers = [
    setInterval(tick, options.linkRefreshMs ?? 1000),
    setInterval(() => publication.apply({ type: "sample", at: Date.now() }), options.historySampleMs ?? 5000),
  ];
  for (const timer of timers) timer.unref();
  collector.start();

  return {
    collector,
    publication,
    figuresByScope: (at) => engine.figuresByScope(at),
    scopeAccounts: (scope) => engine.scopeAccounts(scope),
    workingOrders: () => engine.allOrders(),
    stop() {
      for (const timer of timers) clearInterval(timer);
      collector.stop();
    },
  };
}
