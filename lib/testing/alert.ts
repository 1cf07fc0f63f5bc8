import type { Alert } from "@/lib/alerts";

/** An active, unacknowledged margin-utilisation alert of `scope`, for tests; `overrides` set the rest. */
export function testAlert(id: string, scope: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    key: `marginUtilisation|${scope}`,
    rule: "marginUtilisation",
    scope,
    subject: null,
    level: "critical",
    message: `margin utilisation 92 % in ${scope}`,
    value: 0.92,
    threshold: 0.8,
    raisedAt: 1_000,
    levelSince: 1_000,
    acknowledged: null,
    clearedAt: null,
    ...overrides,
  };
}
