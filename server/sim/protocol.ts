/**
 * TWS API message ids and codes the simulator uses. Names follow @stoqey/ib's enums:
 * OUT_MSG_ID are the client's requests (what the simulator receives), IN_MSG_ID the replies.
 */

export const OUT_MSG_ID = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_MKT_DEPTH: 10,
  CANCEL_MKT_DEPTH: 11,
  REQ_NEWS_BULLETINS: 12,
  CANCEL_NEWS_BULLETINS: 13,
  SET_SERVER_LOGLEVEL: 14,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_MANAGED_ACCTS: 17,
  REQ_FA: 18,
  REPLACE_FA: 19,
  REQ_HISTORICAL_DATA: 20,
  EXERCISE_OPTIONS: 21,
  REQ_SCANNER_SUBSCRIPTION: 22,
  CANCEL_SCANNER_SUBSCRIPTION: 23,
  REQ_SCANNER_PARAMETERS: 24,
  CANCEL_HISTORICAL_DATA: 25,
  REQ_CURRENT_TIME: 49,
  REQ_REAL_TIME_BARS: 50,
  CANCEL_REAL_TIME_BARS: 51,
  REQ_FUNDAMENTAL_DATA: 52,
  CANCEL_FUNDAMENTAL_DATA: 53,
  REQ_CALC_IMPLIED_VOLAT: 54,
  REQ_CALC_OPTION_PRICE: 55,
  CANCEL_CALC_IMPLIED_VOLAT: 56,
  CANCEL_CALC_OPTION_PRICE: 57,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  VERIFY_REQUEST: 65,
  VERIFY_MESSAGE: 66,
  QUERY_DISPLAY_GROUPS: 67,
  SUBSCRIBE_TO_GROUP_EVENTS: 68,
  UPDATE_DISPLAY_GROUP: 69,
  UNSUBSCRIBE_FROM_GROUP_EVENTS: 70,
  START_API: 71,
  VERIFY_AND_AUTH_REQUEST: 72,
  VERIFY_AND_AUTH_MESSAGE: 73,
  REQ_POSITIONS_MULTI: 74,
  CANCEL_POSITIONS_MULTI: 75,
  REQ_ACCOUNT_UPDATES_MULTI: 76,
  CANCEL_ACCOUNT_UPDATES_MULTI: 77,
  REQ_SEC_DEF_OPT_PARAMS: 78,
  REQ_SOFT_DOLLAR_TIERS: 79,
  REQ_FAMILY_CODES: 80,
  REQ_MATCHING_SYMBOLS: 81,
  REQ_MKT_DEPTH_EXCHANGES: 82,
  REQ_SMART_COMPONENTS: 83,
  REQ_NEWS_ARTICLE: 84,
  REQ_NEWS_PROVIDERS: 85,
  REQ_HISTORICAL_NEWS: 86,
  REQ_HEAD_TIMESTAMP: 87,
  REQ_HISTOGRAM_DATA: 88,
  CANCEL_HISTOGRAM_DATA: 89,
  CANCEL_HEAD_TIMESTAMP: 90,
  REQ_MARKET_RULE: 91,
  REQ_PNL: 92,
  CANCEL_PNL: 93,
  REQ_PNL_SINGLE: 94,
  CANCEL_PNL_SINGLE: 95,
  REQ_HISTORICAL_TICKS: 96,
  REQ_TICK_BY_TICK_DATA: 97,
  CANCEL_TICK_BY_TICK_DATA: 98,
  REQ_COMPLETED_ORDERS: 99,
  REQ_WSH_META_DATA: 100,
  CANCEL_WSH_META_DATA: 101,
  REQ_WSH_EVENT_DATA: 102,
  CANCEL_WSH_EVENT_DATA: 103,
  REQ_USER_INFO: 104,
} as const;

export type OutMsgId = (typeof OUT_MSG_ID)[keyof typeof OUT_MSG_ID];

const REQUEST_NAMES = new Map<number, string>(Object.entries(OUT_MSG_ID).map(([name, id]) => [id, name]));

export function requestName(id: number): string | undefined {
  return REQUEST_NAMES.get(id);
}

export const IN_MSG_ID = {
  ERR_MSG: 4,
  NEXT_VALID_ID: 9,
  MANAGED_ACCTS: 15,
  RECEIVE_FA: 16,
  CURRENT_TIME: 49,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
  POSITION_MULTI: 71,
  POSITION_MULTI_END: 72,
  ACCOUNT_UPDATE_MULTI: 73,
  ACCOUNT_UPDATE_MULTI_END: 74,
  PNL: 94,
  PNL_SINGLE: 95,
} as const;

/** Server versions at which a reply's layout changes (MIN_SERVER_VER in @stoqey/ib). */
export const MIN_SERVER_VER = {
  UNREALIZED_PNL: 129,
  REALIZED_PNL: 135,
  ADVANCED_ORDER_REJECT: 166,
} as const;

/** ERR_MSG request id for messages about the connection rather than a request. */
export const NO_REQ_ID = -1;

export const ERROR_CODE = {
  /** "Max rate of messages per second has been exceeded" (pacing: about 50 client messages a second). */
  MAX_RATE_EXCEEDED: 100,
  /** Unknown message id: "Server error when reading an API client request." */
  CANNOT_READ_REQUEST: 320,
  /** "Error validating request": IB's answer to a request it will not serve (read-only API, bad group...). */
  INVALID_REQUEST: 321,
  /** "Server error when processing an API client request." */
  CANNOT_PROCESS_REQUEST: 322,
  CLIENT_ID_IN_USE: 326,
  /** "FA Profile is not supported anymore, use FA Group instead" (from server version 177). */
  FA_PROFILE_NOT_SUPPORTED: 585,
  CONNECTIVITY_LOST: 1100,
  CONNECTIVITY_RESTORED_DATA_LOST: 1101,
  CONNECTIVITY_RESTORED_DATA_KEPT: 1102,
  MARKET_DATA_FARM_BROKEN: 2103,
  MARKET_DATA_FARM_OK: 2104,
  HMDS_FARM_BROKEN: 2105,
  HMDS_FARM_OK: 2106,
  CONNECTING_DURING_OUTAGE: 2110,
  SEC_DEF_FARM_OK: 2158,
} as const;

export const MESSAGES = {
  clientIdInUse: "Unable to connect as the client id is already in use. Retry with a unique client id.",
  marketDataFarmOk: "Market data farm connection is OK:usfarm",
  hmdsFarmOk: "HMDS data farm connection is OK:ushmds",
  secDefFarmOk: "Sec-def data farm connection is OK:secdefnj",
  marketDataFarmBroken: "Market data farm connection is broken:usfarm",
  hmdsFarmBroken: "HMDS data farm connection is broken:ushmds",
  connectivityLost: "Connectivity between IB and Trader Workstation has been lost.",
  restoredDataLost: "Connectivity between IB and Trader Workstation has been restored - data lost.",
  restoredDataKept: "Connectivity between IB and Trader Workstation has been restored - data maintained.",
  connectingDuringOutage: "Connectivity between Trader Workstation and server is broken. It will be restored automatically.",
  faProfileNotSupported: "FA Profile is not supported anymore, use FA Group instead",
  nonFaCustomer: "FA data operations ignored for non FA customers.",
  accountSummaryLimit: "Error processing request.-'bc' : cause - Maximum number of account summary requests exceeded; desubscribe to previous request first",
  /** TWS with "Read-Only API" checked, to placeOrder, cancelOrder and reqGlobalCancel. */
  readOnlyApi: "Error validating request.-'bO' : cause - The API interface is currently in Read-Only mode.",
} as const;

/** IB's wording for 100; `543` is the code TWS appends to it. */
export function maxRateMessage(max: number, received: number): string {
  return `Max rate of messages per second has been exceeded:max=${max} rec=${received} (543)`;
}

/** IB's wording for 321: `Error validating request.-'<request>' : cause - <cause>`. */
export function validationError(requestId: number, cause: string): string {
  return `Error validating request.-'${requestName(requestId) ?? requestId}' : cause - ${cause}`;
}

/**
 * Where a request carries its request id (or order id) at server version 193: index 2 after
 * [msgId, version], index 1 for the newer unversioned messages. Used to address the error
 * for a request the simulator does not serve to the request that caused it.
 */
const VERSIONED_WITH_ID: readonly OutMsgId[] = [
  OUT_MSG_ID.REQ_MKT_DATA,
  OUT_MSG_ID.CANCEL_MKT_DATA,
  OUT_MSG_ID.REQ_EXECUTIONS,
  OUT_MSG_ID.REQ_CONTRACT_DATA,
  OUT_MSG_ID.REQ_MKT_DEPTH,
  OUT_MSG_ID.CANCEL_MKT_DEPTH,
  OUT_MSG_ID.EXERCISE_OPTIONS,
  OUT_MSG_ID.CANCEL_SCANNER_SUBSCRIPTION,
  OUT_MSG_ID.CANCEL_HISTORICAL_DATA,
  OUT_MSG_ID.REQ_REAL_TIME_BARS,
  OUT_MSG_ID.CANCEL_REAL_TIME_BARS,
  OUT_MSG_ID.REQ_FUNDAMENTAL_DATA,
  OUT_MSG_ID.CANCEL_FUNDAMENTAL_DATA,
  OUT_MSG_ID.REQ_CALC_IMPLIED_VOLAT,
  OUT_MSG_ID.REQ_CALC_OPTION_PRICE,
  OUT_MSG_ID.CANCEL_CALC_IMPLIED_VOLAT,
  OUT_MSG_ID.CANCEL_CALC_OPTION_PRICE,
  OUT_MSG_ID.REQ_ACCOUNT_SUMMARY,
  OUT_MSG_ID.CANCEL_ACCOUNT_SUMMARY,
  OUT_MSG_ID.QUERY_DISPLAY_GROUPS,
  OUT_MSG_ID.SUBSCRIBE_TO_GROUP_EVENTS,
  OUT_MSG_ID.UPDATE_DISPLAY_GROUP,
  OUT_MSG_ID.UNSUBSCRIBE_FROM_GROUP_EVENTS,
  OUT_MSG_ID.REQ_POSITIONS_MULTI,
  OUT_MSG_ID.CANCEL_POSITIONS_MULTI,
  OUT_MSG_ID.REQ_ACCOUNT_UPDATES_MULTI,
  OUT_MSG_ID.CANCEL_ACCOUNT_UPDATES_MULTI,
];
const UNVERSIONED_WITH_ID: readonly OutMsgId[] = [
  OUT_MSG_ID.PLACE_ORDER,
  OUT_MSG_ID.CANCEL_ORDER,
  OUT_MSG_ID.REQ_HISTORICAL_DATA,
  OUT_MSG_ID.REQ_SCANNER_SUBSCRIPTION,
  OUT_MSG_ID.REQ_SEC_DEF_OPT_PARAMS,
  OUT_MSG_ID.REQ_SOFT_DOLLAR_TIERS,
  OUT_MSG_ID.REQ_MATCHING_SYMBOLS,
  OUT_MSG_ID.REQ_SMART_COMPONENTS,
  OUT_MSG_ID.REQ_NEWS_ARTICLE,
  OUT_MSG_ID.REQ_HISTORICAL_NEWS,
  OUT_MSG_ID.REQ_HEAD_TIMESTAMP,
  OUT_MSG_ID.REQ_HISTOGRAM_DATA,
  OUT_MSG_ID.CANCEL_HISTOGRAM_DATA,
  OUT_MSG_ID.CANCEL_HEAD_TIMESTAMP,
  OUT_MSG_ID.REQ_PNL,
  OUT_MSG_ID.CANCEL_PNL,
  OUT_MSG_ID.REQ_PNL_SINGLE,
  OUT_MSG_ID.CANCEL_PNL_SINGLE,
  OUT_MSG_ID.REQ_HISTORICAL_TICKS,
  OUT_MSG_ID.REQ_TICK_BY_TICK_DATA,
  OUT_MSG_ID.CANCEL_TICK_BY_TICK_DATA,
  OUT_MSG_ID.REQ_WSH_META_DATA,
  OUT_MSG_ID.CANCEL_WSH_META_DATA,
  OUT_MSG_ID.REQ_WSH_EVENT_DATA,
  OUT_MSG_ID.CANCEL_WSH_EVENT_DATA,
  OUT_MSG_ID.REQ_USER_INFO,
];
const REQUEST_ID_INDEX = new Map<number, number>([
  ...VERSIONED_WITH_ID.map((id) => [id, 2] as const),
  ...UNVERSIONED_WITH_ID.map((id) => [id, 1] as const),
]);

/** The request id a request carries, or NO_REQ_ID when it has none (or it is not a number). */
export function requestIdOf(fields: readonly string[]): number {
  const index = REQUEST_ID_INDEX.get(Number(fields[0]));
  const value = index === undefined ? undefined : fields[index];
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : NO_REQ_ID;
}
