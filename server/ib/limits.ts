/** IB's documented limits that shape how RiskDesk asks for data. */
export const IB_LIMITS = {
  /** Client messages per second before TWS answers error 100. */
  messagesPerSecond: 50,
  /** Above this many sub-accounts, reqPositions and account summary group "All" are refused. */
  accountsForAllRequests: 50,
} as const;

/** RiskDesk keeps a fifth of IB's message budget in reserve. */
export const MAX_REQUESTS_PER_SECOND = Math.floor(IB_LIMITS.messagesPerSecond * 0.8);

/** Whether per-account requests must replace the "All" ones for this many accounts. */
export const needsPerAccountRequests = (accountCount: number) => accountCount > IB_LIMITS.accountsForAllRequests;
