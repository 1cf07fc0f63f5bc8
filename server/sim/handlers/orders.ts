/**
 * Orders: placeOrder, cancelOrder, reqGlobalCancel, reqOpenOrders, reqAllOpenOrders,
 * reqAutoOpenOrders, reqCompletedOrders, reqExecutions. Who hears what is the OrderDesk's
 * job (order-desk.ts); these read the requests as the client encodes them.
 */
import { isWorking } from "../model/orders";
import { completedOrder, completedOrdersEnd, commissionReport, execDetails, execDetailsEnd } from "../order-replies";
import { ERROR_CODE, NO_REQ_ID, OUT_MSG_ID, validationError } from "../protocol";
import { readPlaceOrder } from "../wire/place-order";
import type { ClientRequest } from "../wire/request";
import type { HandlerTable, RequestContext } from "./handler";

/** CANCEL_ORDER and REQ_GLOBAL_CANCEL lost their version field at CME_TAGGING_FIELDS. */
const CME_TAGGING_FIELDS = 192;

const truthy = (field: string) => field === "1" || field.toLowerCase() === "true";

function cancelOrder(request: ClientRequest, context: RequestContext): void {
  if (context.serverVersion < CME_TAGGING_FIELDS) request.skipVersion();
  context.orders.cancel(context, request.int("orderId"));
}

function globalCancel(request: ClientRequest, context: RequestContext): void {
  if (context.serverVersion < CME_TAGGING_FIELDS) request.skipVersion();
  context.orders.globalCancel(context);
}

function autoOpenOrders(request: ClientRequest, context: RequestContext): void {
  const autoBind = truthy(request.skipVersion().str("bAutoBind"));
  if (context.clientId !== 0) {
    context.sendError(NO_REQ_ID, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_AUTO_OPEN_ORDERS, "Auto bind of orders is only allowed for client id 0"));
    return;
  }
  context.setAutoBind(autoBind);
  if (autoBind) context.orders.bindManualOrders();
}

/** reqCompletedOrders(apiOnly): today's filled and cancelled orders (apiOnly: without the manual ones). */
function completedOrders(request: ClientRequest, context: RequestContext): void {
  const apiOnly = truthy(request.str("apiOnly"));
  for (const order of context.simulation.orders.all()) {
    if (isWorking(order) || (apiOnly && order.clientId === 0 && order.orderId <= 0)) continue;
    context.send(completedOrder(context.serverVersion, order));
  }
  context.send(completedOrdersEnd());
}

/**
 * reqExecutions(reqId, filter): today's executions matching the filter (empty fields and
 * client id 0 match all); a client other than 0 sees only its own, as from IB. Each
 * execDetails is followed by its commissionReport, then execDetailsEnd.
 */
function executions(request: ClientRequest, context: RequestContext): void {
  const reqId = request.skipVersion().int("reqId");
  const clientId = Number(request.str("clientId") || 0);
  const account = request.str("acctCode");
  const time = request.str("time");
  const symbol = request.str("symbol");
  const secType = request.str("secType");
  const exchange = request.str("exchange");
  const side = request.str("side");
  const after = time === "" ? "" : time.replace("-", " ");
  const matches = (value: string, filter: string) => filter === "" || value.toUpperCase() === filter.toUpperCase();
  for (const execution of context.simulation.orders.executions()) {
    const { order } = execution;
    if (context.clientId !== 0 && order.clientId !== context.clientId) continue;
    if (clientId !== 0 && order.clientId !== clientId) continue;
    if (!matches(order.contract.symbol, symbol) || !matches(order.contract.secType, secType) || !matches(order.contract.exchange, exchange)) continue;
    if (side !== "" && !matches(execution.side, side === "BUY" ? "BOT" : side === "SELL" ? "SLD" : side)) continue;
    if (after !== "" && execution.time.slice(0, 17) < after.slice(0, 17)) continue;
    for (const allocation of context.simulation.allocationOf(order, execution.shares)) {
      if (account !== "" && allocation.account !== account) continue;
      context.send(execDetails(context.serverVersion, reqId, execution, allocation));
      context.send(commissionReport(execution, allocation));
    }
  }
  context.send(execDetailsEnd(reqId));
}

export const orderHandlers: HandlerTable = new Map([
  [OUT_MSG_ID.PLACE_ORDER, (request, context) => {
    const { orderId, order } = readPlaceOrder(request, context.serverVersion);
    context.orders.place(context, orderId, order);
  }],
  [OUT_MSG_ID.CANCEL_ORDER, cancelOrder],
  [OUT_MSG_ID.REQ_GLOBAL_CANCEL, globalCancel],
  [OUT_MSG_ID.REQ_OPEN_ORDERS, (request, context) => {
    request.skipVersion();
    context.orders.sendOpenOrders(context);
  }],
  [OUT_MSG_ID.REQ_ALL_OPEN_ORDERS, (request, context) => {
    request.skipVersion();
    context.orders.sendAllOpenOrders(context);
  }],
  [OUT_MSG_ID.REQ_AUTO_OPEN_ORDERS, autoOpenOrders],
  [OUT_MSG_ID.REQ_COMPLETED_ORDERS, completedOrders],
  [OUT_MSG_ID.REQ_EXECUTIONS, executions],
]);
