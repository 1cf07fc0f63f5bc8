import type { IbMessageClass } from "@/server/domain/events";

/**
 * Every message code RiskDesk receives is put in one of five classes and routed, so nothing
 * IB says goes unnoticed: connectivity codes drive the link status, farm notices the data
 * farms on it, request failures go back to whoever made the request, order messages to the
 * order's owner, and a few feed an alert; everything is logged at its class's level.
 */
export const IB_CODES = {
  pacingViolation: 100,
  orderCancelled: 202,
  /** "OrderId ... that needs to be cancelled is not found." */
  cancelNotFound: 10147,
  /** "OrderId ... that needs to be cancelled cannot be cancelled, state: ..." */
  cannotCancel: 10148,
  /** "Error validating request", e.g. an FA request from a login that is not an FA master. */
  validationError: 321,
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
  marketFarmBroken: 2103,
  marketFarmOk: 2104,
  hmdsFarmBroken: 2105,
  hmdsFarmOk: 2106,
  hmdsFarmInactive: 2107,
  marketFarmInactive: 2108,
  connectingDuringOutage: 2110,
  marketFarmConnecting: 2119,
  marginWarning: 2148,
  secDefFarmBroken: 2157,
  secDefFarmOk: 2158,
} as const;

/**
 * Where a message goes: every one to the log; a request failure to the subscription that
 * made the request; an order message to whoever follows orders (by order id); connectivity
 * and farm notices to the link status (the connectivity panel); some to an alert fact.
 */
export type IbMessageRoute = "log" | "requester" | "orders" | "link" | "alert";

/** TWS with "Read-Only API" on refuses every order action with 321 and this cause. */
export const isReadOnlyRefusal = (code: number, text: string): boolean => code === IB_CODES.validationError && /read-only/i.test(text);

export interface IbMessageRouting {
  severity: IbMessageClass;
  routes: readonly IbMessageRoute[];
}

interface CodeEntry {
  severity: IbMessageClass;
  /** What IB means by it, for whoever reads the table. */
  about: string;
  /** A data-farm notice: it sets a farm's state on the link status. */
  farm?: true;
  /** A fact an alert rule reads (server/risk/connectivity-facts.ts). */
  alert?: true;
}

/** The codes RiskDesk may meet, each with its class. Codes not listed fall to `rangeClass`. */
export const IB_MESSAGE_TABLE: Readonly<Record<number, CodeEntry>> = {
  100: { severity: "warning", about: "max rate of messages per second exceeded (pacing)" },
  101: { severity: "request", about: "max number of tickers reached" },
  102: { severity: "request", about: "duplicate ticker id" },
  103: { severity: "order", about: "duplicate order id" },
  104: { severity: "order", about: "cannot modify a filled order" },
  105: { severity: "order", about: "order being modified does not match the original" },
  110: { severity: "order", about: "price does not conform to the minimum tick" },
  135: { severity: "order", about: "cannot find the order with this id" },
  161: { severity: "order", about: "cancel attempted when the order is not cancellable" },
  162: { severity: "request", about: "historical market data service error" },
  165: { severity: "info", about: "historical market data service query message" },
  200: { severity: "request", about: "no security definition found" },
  201: { severity: "order", about: "order rejected" },
  202: { severity: "order", about: "order cancelled" },
  300: { severity: "request", about: "cannot find the request for this ticker id" },
  309: { severity: "request", about: "max number of market depth requests reached" },
  317: { severity: "info", about: "market depth data reset" },
  320: { severity: "request", about: "server error reading an API client request" },
  321: { severity: "request", about: "error validating request" },
  322: { severity: "request", about: "server error processing an API client request (e.g. a third account summary)" },
  326: { severity: "connectivity", about: "client id already in use", alert: true },
  330: { severity: "request", about: "only FA or STL customers can request managed accounts" },
  354: { severity: "request", about: "requested market data is not subscribed" },
  366: { severity: "request", about: "no historical data query found for ticker id" },
  399: { severity: "order", about: "order message (a warning about an order)" },
  404: { severity: "order", about: "order held: shares not available for short sale" },
  434: { severity: "order", about: "order size cannot be zero" },
  501: { severity: "connectivity", about: "already connected" },
  502: { severity: "connectivity", about: "could not connect to TWS" },
  503: { severity: "connectivity", about: "TWS is out of date and must be upgraded" },
  504: { severity: "connectivity", about: "not connected" },
  505: { severity: "connectivity", about: "fatal error: unknown message id" },
  506: { severity: "connectivity", about: "unsupported version" },
  507: { severity: "connectivity", about: "bad message length" },
  508: { severity: "connectivity", about: "bad message" },
  509: { severity: "connectivity", about: "exception while processing a message" },
  585: { severity: "request", about: "FA profiles are not supported any more" },
  1100: { severity: "connectivity", about: "connectivity between IB and TWS lost", alert: true },
  1101: { severity: "connectivity", about: "connectivity restored, data lost: resubscribe" },
  1102: { severity: "connectivity", about: "connectivity restored, data maintained" },
  1300: { severity: "connectivity", about: "TWS socket port reset: reconnect on the new port" },
  2100: { severity: "warning", about: "API client unsubscribed from account data" },
  2101: { severity: "warning", about: "unable to subscribe to account: other clients are subscribed" },
  2102: { severity: "order", about: "unable to modify the order: it is still being processed" },
  2103: { severity: "warning", about: "market data farm connection broken", farm: true, alert: true },
  2104: { severity: "info", about: "market data farm connection OK", farm: true },
  2105: { severity: "warning", about: "HMDS data farm connection broken", farm: true, alert: true },
  2106: { severity: "info", about: "HMDS data farm connection OK", farm: true },
  2107: { severity: "info", about: "HMDS data farm inactive, available on demand", farm: true },
  2108: { severity: "info", about: "market data farm inactive, available on demand", farm: true },
  2109: { severity: "order", about: "order event warning: 'outside regular trading hours' ignored" },
  2110: { severity: "connectivity", about: "connectivity between TWS and server broken (connecting during an outage)", alert: true },
  2119: { severity: "info", about: "market data farm connecting", farm: true },
  2137: { severity: "order", about: "order would cross an existing order of the account" },
  2148: { severity: "warning", about: "margin warning: equity with loan value nears maintenance margin", alert: true },
  2157: { severity: "warning", about: "sec-def data farm connection broken", farm: true, alert: true },
  2158: { severity: "info", about: "sec-def data farm connection OK", farm: true },
  10090: { severity: "warning", about: "part of the requested market data is not subscribed" },
  10147: { severity: "order", about: "order id to cancel not found" },
  10148: { severity: "order", about: "order cannot be cancelled in its state" },
  10167: { severity: "info", about: "displaying delayed market data" },
  10197: { severity: "warning", about: "no market data during a competing live session" },
};

/**
 * Codes not in the table, by range: 100-199 and 400-449 are mostly about orders (except
 * the pacing and ticker limits above), 200-399 and 450-499 about requests, 500-599 are the
 * client library's own (501-509 connection, 510+ "sending error" of one request),
 * 1100-1399 the link, 2100-2199 system warnings, 10000+ request failures.
 */
function rangeClass(code: number): IbMessageClass | null {
  if (code >= 100 && code < 200) return "order";
  if (code >= 200 && code < 400) return "request";
  if (code >= 400 && code < 450) return "order";
  if (code >= 450 && code < 600) return code < 510 ? "connectivity" : "request";
  if (code >= 1100 && code < 1400) return "connectivity";
  if (code >= 2100 && code < 2200) return "warning";
  if (code >= 10000 && code < 11000) return "request";
  return null;
}

/** True for the data-farm notices that set a farm's state. */
export function isFarmCode(code: number): boolean {
  return IB_MESSAGE_TABLE[code]?.farm === true;
}

export function classifyIbMessage(code: number, reqId: number | null, text = ""): IbMessageClass {
  const severity = isReadOnlyRefusal(code, text) ? "order" : (IB_MESSAGE_TABLE[code]?.severity ?? rangeClass(code));
  const attributed = reqId !== null && reqId >= 0;
  // A failure nobody asked about, or an unknown code, is still surfaced as a warning.
  if (severity === null) return attributed ? "request" : "warning";
  if ((severity === "request" || severity === "order") && !attributed) return "warning";
  return severity;
}

/** The class of a message and everywhere it goes. */
export function routeIbMessage(code: number, reqId: number | null, text = ""): IbMessageRouting {
  const severity = classifyIbMessage(code, reqId, text);
  const entry = IB_MESSAGE_TABLE[code];
  const routes: IbMessageRoute[] = ["log"];
  if (severity === "request") routes.push("requester");
  if (severity === "order") routes.push("orders");
  if (severity === "connectivity" || entry?.farm) routes.push("link");
  if (entry?.alert) routes.push("alert");
  return { severity, routes };
}
