/**
 * Every threshold behind a risk verdict, with its unit: the one place the engine (and so the
 * screen, and the alert rules that read the same verdicts) takes them from. Configured from
 * the environment in server/config.ts; these are the defaults.
 */
export interface RiskThresholds {
  /** Margin utilisation (maintenance margin / net liquidation, a fraction) from which it is a warning. */
  utilisationWarn: number;
  /** ... and from which it is critical. */
  utilisationCritical: number;
  /** One underlying's gross exposure, as a fraction of the scope's net liquidation, above which it is a concentration. */
  concentrationUnderlying: number;
  /** One non-base currency's gross exposure, as a fraction of net liquidation, above which it is a concentration. */
  concentrationCurrency: number;
  /** Milliseconds without a word from an account's values feed (IB: changes every 3 minutes) after which its figures are stale. */
  accountValuesStaleMs: number;
  /** Milliseconds without a word from an account's P&L feed (IB: about every second) after which its P&L is stale. */
  pnlStaleMs: number;
  /** Milliseconds without any message from the gateway after which the link, and every figure, is stale. */
  linkSilentMs: number;
}

export const DEFAULT_RISK_THRESHOLDS: Readonly<RiskThresholds> = {
  utilisationWarn: 0.5,
  utilisationCritical: 0.8,
  concentrationUnderlying: 0.25,
  concentrationCurrency: 0.25,
  accountValuesStaleMs: 200_000,
  pnlStaleMs: 10_000,
  linkSilentMs: 10_000,
};
