import { z } from "zod";
import { parseRestartWindow, type RestartWindow } from "@/server/ib/restart-window";
import type { RiskThresholds } from "@/server/risk/thresholds";

/**
 * Runtime configuration from environment variables, validated once at start-up so a bad
 * value stops the process with a message that names the variable.
 */
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** A share of net liquidation, as a fraction (0.25 = 25 %). */
const fraction = (fallback: number) => z.coerce.number().gt(0).max(100).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);

const accountList = z
  .string()
  .transform((raw) => raw.split(",").map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[A-Z0-9]+$/, "account ids are upper-case letters and digits")));

/** "HH:MM-HH:MM Area/City": the gateway's daily restart, in its own time zone; blank means none. */
const restartWindow = z.string().transform((raw, context): RestartWindow | undefined => {
  if (!raw.trim()) return undefined;
  const parsed = parseRestartWindow(raw);
  if ("error" in parsed) {
    context.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

export const configSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port(3000),
  IB_HOST: z.string().min(1).default("127.0.0.1"),
  IB_PORT: port(4002),
  IB_CLIENT_ID: z.coerce.number().int().min(0).max(2147483647).default(77),
  /** Only these accounts are followed; empty means every managed account. */
  IB_ACCOUNTS: accountList.default([]),
  IB_RECONNECT_MIN_MS: z.coerce.number().int().min(100).default(1000),
  IB_RECONNECT_MAX_MS: z.coerce.number().int().min(1000).default(30000),
  /** A disconnect inside this window is expected (the gateway's daily restart); unset: none is. */
  IB_DAILY_RESTART: restartWindow.optional(),
  RISK_UTILISATION_WARN: fraction(0.5),
  RISK_UTILISATION_CRITICAL: fraction(0.8),
  RISK_CONCENTRATION_UNDERLYING: fraction(0.25),
  RISK_CONCENTRATION_CURRENCY: fraction(0.25),
  RISK_STALE_ACCOUNT_VALUES_S: seconds(200),
  RISK_STALE_PNL_S: seconds(10),
  RISK_STALE_LINK_S: seconds(10),
  /** A JSON file of alert rules over the defaults (server/alert-rules-file.ts); read once at start-up. */
  ALERT_RULES_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** PostgreSQL holds the store when set; otherwise a SQLite file at SQLITE_PATH does. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  SQLITE_PATH: z.string().min(1).default("data/riskdesk.db"),
  /** Figure history older than this is deleted. */
  HISTORY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Encrypts the session cookie. Required in production; elsewhere a random one per process. */
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Where browsers reach RiskDesk: the only origin whose state-changing requests and sockets are accepted. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** Every alert raise and clear is POSTed here as signed JSON (README: Alert webhook). */
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** The shared secret the webhook's body is signed with (HMAC-SHA256); required with ALERT_WEBHOOK_URL. */
  ALERT_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
});

/** Variables whose value is not repeated in an error message: a database URL carries a password. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(["DATABASE_URL", "SESSION_SECRET", "ALERT_WEBHOOK_URL", "ALERT_WEBHOOK_SECRET"]);

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = SECRET_VARIABLES.has(name) ? "(value not shown)" : JSON.stringify(env[name]);
      return `  ${issue.path.join(".")}=${value}: ${issue.message}`;
    });
    throw new ConfigError(`invalid environment:\n${problems.join("\n")}`);
  }
  if (env.NODE_ENV === "production" && !parsed.data.SESSION_SECRET) {
    throw new ConfigError("invalid environment:\n  SESSION_SECRET is required in production: at least 32 random characters, e.g. `openssl rand -base64 48`");
  }
  if (parsed.data.IB_RECONNECT_MAX_MS < parsed.data.IB_RECONNECT_MIN_MS) {
    throw new ConfigError("invalid environment:\n  IB_RECONNECT_MAX_MS must not be below IB_RECONNECT_MIN_MS");
  }
  if (parsed.data.RISK_UTILISATION_CRITICAL <= parsed.data.RISK_UTILISATION_WARN) {
    throw new ConfigError("invalid environment:\n  RISK_UTILISATION_CRITICAL must be above RISK_UTILISATION_WARN");
  }
  if (Boolean(parsed.data.ALERT_WEBHOOK_URL) !== Boolean(parsed.data.ALERT_WEBHOOK_SECRET)) {
    throw new ConfigError("invalid environment:\n  ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET go together: the webhook's body is always signed");
  }
  return parsed.data;
}

/**
 * The origins browsers may send state-changing requests and open the socket from: PUBLIC_URL's,
 * or without one the local addresses of PORT.
 */
export function publicOrigins(config: Pick<Config, "PUBLIC_URL" | "PORT">): string[] {
  if (config.PUBLIC_URL) return [new URL(config.PUBLIC_URL).origin];
  return [`http://localhost:${config.PORT}`, `http://127.0.0.1:${config.PORT}`];
}

/** The engine's thresholds, in its units, from the configuration. */
export function riskThresholds(config: Config): RiskThresholds {
  return {
    utilisationWarn: config.RISK_UTILISATION_WARN,
    utilisationCritical: config.RISK_UTILISATION_CRITICAL,
    concentrationUnderlying: config.RISK_CONCENTRATION_UNDERLYING,
    concentrationCurrency: config.RISK_CONCENTRATION_CURRENCY,
    accountValuesStaleMs: config.RISK_STALE_ACCOUNT_VALUES_S * 1000,
    pnlStaleMs: config.RISK_STALE_PNL_S * 1000,
    linkSilentMs: config.RISK_STALE_LINK_S * 1000,
  };
}
