import type { IbMessageClass } from "@/server/domain/events";

/**
 * Every message code RiskDesk receives is put in one of four classes, so nothing IB says
 * goes unnoticed: connectivity codes drive the link state, warnings are logged as such,
 * request failures go back to whoever made the request, info goes to the log.
 */
export const IB_CODES = {
  clientIdInUse: 326,
  couldNotConnect: 502,
  notConnected: 504,
  /** A frame that cannot be TWS's; RiskDesk drops the socket (the library's own code). */
  badLength: 507,
  /** A message the client library could not decode; RiskDesk drops the socket. */
  badMessage: 508,
  connectivityLost: 1100,
  restoredDataLost: 1101,
  restoredDataKept: 1102,
  socketPortReset: 1300,
  connectingDuringOutage: 2110,
  marginWarning: 2148,
  pacingViolation: 100,
  /** "Error validating request", e.g. an FA request from a login that is not an FA master. */
  validationError: 321,
  /** "Order Canceled - reason:", for the order id, once per order a cancel ended. */
  orderCancelled: 202,
} as const;

/**
 * About one order, its reqId being that order's id (from any client: order ids are not
 * RiskDesk's request ids, so these never go to a subscription): rejected, cancelled, or a
 * cancel IB could not carry out.
 */
const ORDER = new Set<number>([
  135, // can't find order with id
  161, // cancel attempted when the order is not in a cancellable state
  201, // order rejected
  IB_CODES.orderCancelled,
  399, // order message (a warning about an order)
  10147, // OrderId that needs to be cancelled is not found
  10148, // OrderId that needs to be cancelled cannot be cancelled
  10149, // invalid order id
]);

/** TWS with "Read-Only API" on refuses every order action with 321 and this cause. */
export const isReadOnlyRefusal = (code: number, text: string): boolean => code === IB_CODES.validationError && /read-only/i.test(text);

const CONNECTIVITY = new Set<number>([
  IB_CODES.clientIdInUse,
  IB_CODES.couldNotConnect,
  IB_CODES.notConnected,
  IB_CODES.connectivityLost,
  IB_CODES.restoredDataLost,
  IB_CODES.restoredDataKept,
  IB_CODES.socketPortReset,
  IB_CODES.connectingDuringOutage,
  IB_CODES.badLength,
  IB_CODES.badMessage,
  503, // the gateway is too old for this client
]);

/** Farm-status and other notices that say all is well. */
const INFO = new Set<number>([2104, 2106, 2107, 2108, 2119, 2158, 2100]);

/** Server-side problems that are not tied to one request. */
const WARNING = new Set<number>([
  IB_CODES.pacingViolation,
  2103, // market data farm broken
  2105, // historical data farm broken
  2157, // sec-def farm broken
  IB_CODES.marginWarning,
  2109,
  2137,
]);

export function classifyIbMessage(code: number, reqId: number | null, text = ""): IbMessageClass {
  if (CONNECTIVITY.has(code)) return "connectivity";
  if (ORDER.has(code) || isReadOnlyRefusal(code, text)) return "order";
  if (INFO.has(code)) return "info";
  if (WARNING.has(code)) return "warning";
  // 2100-2199 are system notices; anything else tied to a request is that request's failure.
  if (code >= 2100 && code < 2200) return "warning";
  return reqId !== null && reqId >= 0 ? "request" : "warning";
}
