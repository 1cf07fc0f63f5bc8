/**
 * The control surface's incident routes: `POST /incident` {kind, ...parameters},
 * `POST /scenario` {name, steps}, `GET /incidents`. Errors carry their HTTP status.
 */
import { IncidentRefusedError, type IncidentResult, type IncidentRunner } from "./runner";
import { ScenarioError, parseIncident, parseScenario } from "./schema";

export class IncidentRouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function refusal(error: unknown): never {
  if (error instanceof ScenarioError) throw new IncidentRouteError(400, error.message);
  if (error instanceof IncidentRefusedError) throw new IncidentRouteError(error.status, error.message);
  throw error;
}

/** Runs an incident for a route; refusals become IncidentRouteErrors. */
export function startIncident(runner: IncidentRunner, body: unknown): IncidentResult {
  try {
    return runner.run(parseIncident(body ?? {}));
  } catch (error) {
    return refusal(error);
  }
}

export function incidentRoutes(runner: IncidentRunner): Record<string, (body: unknown) => unknown> {
  return {
    "GET /incidents": () => runner.status(),
    "POST /incident": (body) => startIncident(runner, body),
    "POST /scenario": (body) => {
      try {
        const scenario = parseScenario(body ?? {});
        return { scenario: scenario.name, scheduled: runner.startScenario(scenario) };
      } catch (error) {
        return refusal(error);
      }
    },
  };
}
