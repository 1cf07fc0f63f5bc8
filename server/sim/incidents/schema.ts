/**
 * What an incident and a scenario file look like, validated with zod. Kinds are kebab-case,
 * as typed on the command line (`npm run sim -- incident margin-squeeze --account DU1000003`);
 * every duration is in seconds and has a default.
 */
import { z } from "zod";

const seconds = (max: number, fallback: number) => z.number().min(0).max(max).default(fallback);
const accountId = z.string().min(1).max(64);
const farmName = z.string().regex(/^[a-z0-9.]{2,20}$/, "a farm name such as usfarm, ushmds or secdefnj");

export const incidentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("price-shock"), percent: z.number().gt(-100).max(1000), symbol: z.string().min(1).optional() }).strict(),
  z
    .object({
      kind: z.literal("margin-squeeze"),
      account: accountId.optional(),
      group: z.string().min(1).max(64).optional(),
      /** Peak margin utilisation (maintenance margin / net liquidation); above ~1 excess liquidity goes below zero. */
      severity: z.number().min(0.05).max(5).default(1.02),
      rampSeconds: seconds(3600, 20),
      holdSeconds: seconds(3600, 20),
      recoverSeconds: seconds(3600, 10),
    })
    .strict()
    .refine((squeeze) => (squeeze.account === undefined) !== (squeeze.group === undefined), "name either an account or an FA group"),
  z.object({ kind: z.literal("connectivity-loss"), downSeconds: seconds(3600, 10), data: z.enum(["lost", "kept"]).default("kept") }).strict(),
  z.object({ kind: z.literal("farm-outage"), farms: z.array(farmName).min(1).max(20).optional(), downSeconds: seconds(3600, 10) }).strict(),
  z.object({ kind: z.literal("socket-drop") }).strict(),
  z.object({ kind: z.literal("daily-restart"), downSeconds: seconds(600, 60) }).strict(),
  z.object({ kind: z.literal("half-open"), seconds: seconds(3600, 30) }).strict(),
  z.object({ kind: z.literal("margin-warning"), account: accountId }).strict(),
  z
    .object({
      kind: z.literal("order-burst"),
      account: accountId.optional(),
      count: z.number().int().min(1).max(500).default(20),
      intervalMs: z.number().int().min(0).max(60_000).default(100),
    })
    .strict(),
  /** Ends a running incident early (all of them without an id), as if its time were up. */
  z.object({ kind: z.literal("restore"), id: z.number().int().positive().optional() }).strict(),
]);

export type Incident = z.infer<typeof incidentSchema>;
export type IncidentKind = Incident["kind"];
export const INCIDENT_KINDS = incidentSchema.options.map((option) => option.shape.kind.value);

/** Longest scenario: a day. */
const MAX_OFFSET_SECONDS = 86_400;

export interface ScenarioStep {
  /** Seconds from the start of the scenario. */
  at: number;
  incident: Incident;
}

export interface Scenario {
  name: string;
  steps: ScenarioStep[];
}

export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

/** Validates one incident; the error says what is wrong with which field. */
export function parseIncident(body: unknown): Incident {
  const result = incidentSchema.safeParse(body);
  if (!result.success) throw new ScenarioError(describeIssues(result.error));
  return result.data;
}

const scenarioShape = z
  .object({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    steps: z.array(z.record(z.string(), z.unknown())).min(1).max(1000),
  })
  .strict();

const offsetSchema = z.number().min(0).max(MAX_OFFSET_SECONDS);

/**
 * A scenario file: `{ "name": "...", "steps": [{ "at": 0, "kind": "...", ...parameters }] }`,
 * steps at second offsets from the start. Steps come back in time order (stable for equal
 * offsets); an error names the step (1-based, as written) and its kind.
 */
export function parseScenario(input: unknown, fallbackName = "scenario"): Scenario {
  const shape = scenarioShape.safeParse(input);
  if (!shape.success) throw new ScenarioError(`scenario: ${describeIssues(shape.error)}`);
  const steps = shape.data.steps.map((raw, index): ScenarioStep => {
    const { at, ...incident } = raw;
    const label = `step ${index + 1}${typeof incident.kind === "string" ? ` (${incident.kind})` : ""}`;
    const offset = offsetSchema.safeParse(at);
    if (!offset.success) throw new ScenarioError(`${label}: at: seconds from the start, 0 to ${MAX_OFFSET_SECONDS}`);
    try {
      return { at: offset.data, incident: parseIncident(incident) };
    } catch (error) {
      throw new ScenarioError(`${label}: ${(error as Error).message}`);
    }
  });
  return { name: shape.data.name ?? fallbackName, steps: steps.sort((a, b) => a.at - b.at) };
}

/** Parses a scenario file's text (JSON). */
export function parseScenarioText(text: string, fileName: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  return parseScenario(json, fileName);
}
