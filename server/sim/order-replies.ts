/**
 * Order, execution and account-update messages, field by field as @stoqey/ib's decoder reads
 * them (decodeMsg_OPEN_ORDER with its OrderDecoder, decodeMsg_COMPLETED_ORDER, ORDER_STATUS,
 * EXECUTION_DATA, COMMISSION_REPORT, ACCT_VALUE, PORTFOLIO_VALUE) at the negotiated server
 * version. Fields the simulator does not model go as TWS sends them unset: "" for an unset
 * number or text, 0 for a false flag.
 */
import type { Contract } from "./model/instruments";
import type { Allocation, Execution, SimOrder } from "./model/orders";
import type { SimPosition } from "./model/positions";
import type { Field } from "@/server/tws-wire/frames";

export const ORDER_MSG_ID = {
  ORDER_STATUS: 3,
  OPEN_ORDER: 5,
  ACCT_VALUE: 6,
  PORTFOLIO_VALUE: 7,
  ACCT_UPDATE_TIME: 8,
  EXECUTION_DATA: 11,
  OPEN_ORDER_END: 53,
  ACCT_DOWNLOAD_END: 54,
  EXECUTION_DATA_END: 55,
  COMMISSION_REPORT: 59,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
} as const;

/** MIN_SERVER_VER (api/data/enum/min-server-version.js) of the fields these messages depend on. */
const SV = {
  PEGGED_TO_BENCHMARK: 102,
  MODELS_SUPPORT: 103,
  SOFT_DOLLAR_TIER: 106,
  CASH_QTY: 111,
  MARKET_CAP_PRICE: 131,
  LAST_LIQUIDITY: 136,
  AUTO_PRICE_FOR_HEDGE: 141,
  WHAT_IF_EXT_FIELDS: 142,
  ORDER_CONTAINER: 145,
  D_PEG_ORDERS: 148,
  PRICE_MGMT_ALGO: 151,
  DURATION: 158,
  POST_TO_ATS: 160,
  AUTO_CANCEL_PARENT: 162,
  PEGBEST_PEGMID_OFFSETS: 170,
  FA_PROFILE_DESUPPORT: 177,
  PENDING_PRICE_REVISION: 178,
  CUSTOMER_ACCOUNT: 183,
  PROFESSIONAL_CUSTOMER: 184,
  BOND_ACCRUED_INTEREST: 185,
  INCLUDE_OVERNIGHT: 189,
  CME_TAGGING_FIELDS_IN_OPEN_ORDER: 193,
} as const;

/** The OPEN_ORDER message version TWS writes below ORDER_CONTAINER (from then on: none, the server version counts). */
const OPEN_ORDER_VERSION = 34;

const flag = (value: boolean): number => (value ? 1 : 0);
const price = (value: number | undefined): Field => (value === undefined ? "" : value);
/** A double as Java prints it ("230.0"), as TWS writes strikes and multipliers. */
const javaDouble = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value));

/** Exchange an order is routed to: SMART for stocks and options, the listing exchange otherwise. */
function orderExchange(contract: Contract): string {
  return contract.secType === "STK" || contract.secType === "OPT" ? "SMART" : contract.exchange;
}

/** readContractFields: conId, symbol, secType, expiry, strike, right, multiplier, exchange, currency, localSymbol, tradingClass. */
function contractFields(contract: Contract): Field[] {
  const derivative = contract.secType === "OPT" || contract.secType === "FUT";
  return [
    contract.conId, contract.symbol, contract.secType, contract.lastTradeDate,
    derivative ? javaDouble(contract.strike) : 0, contract.right, derivative ? String(contract.multiplier) : "",
    orderExchange(contract), contract.currency, contract.localSymbol, contract.tradingClass,
  ];
}

const lmtOf = (order: SimOrder): Field => price(order.lmtPrice ?? 0);
const auxOf = (order: SimOrder): Field => price(order.auxPrice ?? 0);

/** readVolOrderParams with an empty deltaNeutralOrderType (no delta-neutral leg fields follow). */
const VOL_ORDER_PARAMS: Field[] = ["", 0, "", "", 0, 0];

function algoFields(order: SimOrder): Field[] {
  if (order.algoStrategy === "") return [""];
  return [order.algoStrategy, order.algoParams.length, ...order.algoParams.flatMap((param) => [param.tag, param.value])];
}

/** decodeMsg_OPEN_ORDER, every OrderDecoder read in its order. */
export function openOrder(serverVersion: number, order: SimOrder): Field[] {
  const containered = serverVersion >= SV.ORDER_CONTAINER;
  const version = containered ? serverVersion : OPEN_ORDER_VERSION;
  const f: Field[] = [ORDER_MSG_ID.OPEN_ORDER];
  if (!containered) f.push(OPEN_ORDER_VERSION);
  f.push(order.orderId, ...contractFields(order.contract));
  f.push(order.action, order.totalQuantity, order.orderType, lmtOf(order), auxOf(order), order.tif);
  f.push("" /* ocaGroup */, order.account, "" /* openClose */, 0 /* origin: customer */, order.orderRef);
  f.push(order.clientId, order.permId, flag(order.outsideRth), 0 /* hidden */, 0 /* discretionaryAmt */, "" /* goodAfterTime */);
  f.push("" /* deprecated sharesAllocation */, order.faGroup, order.faMethod, order.faPercentage);
  if (version < SV.FA_PROFILE_DESUPPORT) f.push("" /* faProfile */);
  if (version >= SV.MODELS_SUPPORT) f.push("" /* modelCode */);
  f.push("" /* goodTillDate */, "" /* rule80A */, "" /* percentOffset */, "" /* settlingFirm */);
  f.push(0 /* shortSaleSlot */, "" /* designatedLocation */, -1 /* exemptCode */);
  f.push(0 /* auctionStrategy */, "", "", "" /* startingPrice, stockRefPrice, delta */, "", "" /* stockRange */);
  f.push("" /* displaySize */, 0 /* blockOrder */, 0 /* sweepToFill */, 0 /* allOrNone */, "" /* minQty */, 0 /* ocaType */);
  f.push(0 /* eTradeOnly */, 0 /* firmQuoteOnly */, "" /* nbboPriceCap */, 0 /* parentId */, 0 /* triggerMethod */);
  f.push(...VOL_ORDER_PARAMS);
  f.push(price(order.trailStopPrice), price(order.trailingPercent));
  f.push("" /* basisPoints */, "" /* basisPointsType */, "" /* comboLegsDescription */, 0 /* comboLegs */, 0 /* orderComboLegs */);
  f.push(0 /* smartComboRoutingParams */, "", "", "" /* scale init/subs/increment */, "" /* hedgeType */);
  f.push(0 /* optOutSmartRouting */, "", "" /* clearingAccount, clearingIntent */, 0 /* notHeld */, 0 /* deltaNeutralContract */);
  f.push(...algoFields(order), 0 /* solicited */);
  f.push(0 /* whatIf */, order.status);
  if (serverVersion >= SV.WHAT_IF_EXT_FIELDS) f.push("", "", "", "", "", "" /* margins before / change */);
  f.push("", "", "" /* margins after */, "", "", "" /* commission, min, max */, "" /* commissionCurrency */, "" /* warningText */);
  f.push(0, 0 /* randomizeSize, randomizePrice */);
  if (serverVersion >= SV.PEGGED_TO_BENCHMARK) {
    f.push(0 /* conditions */);
    f.push("" /* adjustedOrderType */, "" /* triggerPrice */, price(order.trailStopPrice), "" /* lmtPriceOffset */);
    f.push("", "", "" /* adjusted stop, stop limit, trailing amount */, 0 /* adjustableTrailingUnit */);
  }
  if (serverVersion >= SV.SOFT_DOLLAR_TIER) f.push("", "", "");
  if (serverVersion >= SV.CASH_QTY) f.push("");
  if (serverVersion >= SV.AUTO_PRICE_FOR_HEDGE) f.push(0);
  if (serverVersion >= SV.ORDER_CONTAINER) f.push(0);
  if (serverVersion >= SV.D_PEG_ORDERS) f.push(0);
  if (serverVersion >= SV.PRICE_MGMT_ALGO) f.push(0);
  if (serverVersion >= SV.DURATION) f.push("");
  if (serverVersion >= SV.POST_TO_ATS) f.push("");
  if (serverVersion >= SV.AUTO_CANCEL_PARENT) f.push(0);
  if (serverVersion >= SV.PEGBEST_PEGMID_OFFSETS) f.push("", "", "", "", "");
  if (serverVersion >= SV.CUSTOMER_ACCOUNT) f.push("");
  if (serverVersion >= SV.PROFESSIONAL_CUSTOMER) f.push(0);
  if (serverVersion >= SV.BOND_ACCRUED_INTEREST) f.push("");
  if (serverVersion >= SV.INCLUDE_OVERNIGHT) f.push(0);
  if (serverVersion >= SV.CME_TAGGING_FIELDS_IN_OPEN_ORDER) f.push("" /* extOperator */, "" /* manualOrderIndicator */);
  return f;
}

/**
 * decodeMsg_ORDER_STATUS: from MARKET_CAP_PRICE no version field and mktCapPrice last; before
 * it, version 6. `clientId` is the client the status is addressed to (IB puts the cancelling
 * client's id there when one client cancels another's order).
 */
export function orderStatus(serverVersion: number, order: SimOrder, clientId = order.clientId): Field[] {
  const f: Field[] = [ORDER_MSG_ID.ORDER_STATUS];
  if (serverVersion < SV.MARKET_CAP_PRICE) f.push(6);
  f.push(order.orderId, order.status, order.filled, order.totalQuantity - order.filled, order.avgFillPrice);
  f.push(order.permId, 0 /* parentId */, order.lastFillPrice, clientId, "" /* whyHeld */);
  if (serverVersion >= SV.MARKET_CAP_PRICE) f.push(0);
  return f;
}

export function openOrderEnd(): Field[] {
  return [ORDER_MSG_ID.OPEN_ORDER_END, 1];
}

/** decodeMsg_COMPLETED_ORDER (no version, no order id): the OrderDecoder reads of a completed order. */
export function completedOrder(serverVersion: number, order: SimOrder): Field[] {
  const f: Field[] = [ORDER_MSG_ID.COMPLETED_ORDER, ...contractFields(order.contract)];
  f.push(order.action, order.totalQuantity, order.orderType, lmtOf(order), auxOf(order), order.tif);
  f.push("" /* ocaGroup */, order.account, "" /* openClose */, 0 /* origin */, order.orderRef, order.permId);
  f.push(flag(order.outsideRth), 0 /* hidden */, 0 /* discretionaryAmt */, "" /* goodAfterTime */);
  f.push(order.faGroup, order.faMethod, order.faPercentage, "" /* modelCode */);
  f.push("" /* goodTillDate */, "" /* rule80A */, "" /* percentOffset */, "" /* settlingFirm */);
  f.push(0 /* shortSaleSlot */, "" /* designatedLocation */, -1 /* exemptCode */);
  f.push("", "", "" /* startingPrice, stockRefPrice, delta */, "", "" /* stockRange */);
  f.push("" /* displaySize */, 0 /* sweepToFill */, 0 /* allOrNone */, "" /* minQty */, 0 /* ocaType */, 0 /* triggerMethod */);
  f.push(...VOL_ORDER_PARAMS);
  f.push(price(order.trailStopPrice), price(order.trailingPercent));
  f.push("" /* comboLegsDescription */, 0, 0, 0 /* combo legs, order combo legs, smart combo routing */);
  f.push("", "", "" /* scale */, "" /* hedgeType */, "", "" /* clearing */, 0 /* notHeld */, 0 /* deltaNeutralContract */);
  f.push(...algoFields(order), 0 /* solicited */, order.status, 0, 0 /* randomize */);
  if (serverVersion >= SV.PEGGED_TO_BENCHMARK) f.push(0 /* conditions */);
  f.push(price(order.trailStopPrice), "" /* lmtPriceOffset */);
  if (serverVersion >= SV.CASH_QTY) f.push("");
  if (serverVersion >= SV.AUTO_PRICE_FOR_HEDGE) f.push(0);
  if (serverVersion >= SV.ORDER_CONTAINER) f.push(0);
  f.push("" /* autoCancelDate */, order.filled, 0 /* refFuturesConId */, 0 /* autoCancelParent */);
  f.push("" /* shareholder */, 0 /* imbalanceOnly */, 0 /* routeMarketableToBbo */, 0 /* parentPermId */);
  f.push(order.completedTime, order.completedStatus);
  if (serverVersion >= SV.PEGBEST_PEGMID_OFFSETS) f.push("", "", "", "", "");
  if (serverVersion >= SV.CUSTOMER_ACCOUNT) f.push("");
  if (serverVersion >= SV.PROFESSIONAL_CUSTOMER) f.push(0);
  return f;
}

export function completedOrdersEnd(): Field[] {
  return [ORDER_MSG_ID.COMPLETED_ORDERS_END];
}

/**
 * decodeMsg_EXECUTION_DATA: from LAST_LIQUIDITY no version field (before it, version 10). One
 * per account an execution is allocated to, with that account's shares.
 */
export function execDetails(serverVersion: number, reqId: number, execution: Execution, allocation: Allocation): Field[] {
  const { account, shares, index } = allocation;
  const { order } = execution;
  const f: Field[] = [ORDER_MSG_ID.EXECUTION_DATA];
  if (serverVersion < SV.LAST_LIQUIDITY) f.push(10);
  const contract = order.contract;
  const derivative = contract.secType === "OPT" || contract.secType === "FUT";
  f.push(reqId, order.orderId, contract.conId, contract.symbol, contract.secType, contract.lastTradeDate);
  f.push(derivative ? javaDouble(contract.strike) : 0, contract.right, derivative ? String(contract.multiplier) : "");
  f.push(contract.exchange, contract.currency, contract.localSymbol, contract.tradingClass);
  f.push(allocationExecId(execution, index), execution.time, account, contract.exchange, execution.side, shares, execution.price);
  f.push(order.permId, order.clientId, 0 /* liquidation */, execution.cumQty, execution.avgPrice, order.orderRef);
  f.push("" /* evRule */, "" /* evMultiplier */);
  if (serverVersion >= SV.MODELS_SUPPORT) f.push("" /* modelCode */);
  if (serverVersion >= SV.LAST_LIQUIDITY) f.push(2 /* removed liquidity */);
  if (serverVersion >= SV.PENDING_PRICE_REVISION) f.push(0);
  return f;
}

export function execDetailsEnd(reqId: number): Field[] {
  return [ORDER_MSG_ID.EXECUTION_DATA_END, 1, reqId];
}

/** The execution's id for one allocation: the last part counts the allocations (…01.01, …01.02). */
function allocationExecId(execution: Execution, index: number): string {
  return `${execution.execId.slice(0, execution.execId.lastIndexOf(".") + 1)}${String(index + 1).padStart(2, "0")}`;
}

/**
 * decodeMsg_COMMISSION_REPORT: version 1, execId, commission (the allocation's share of it),
 * currency, realizedPNL, yield, yieldRedemptionDate (IB's unset values).
 */
export function commissionReport(execution: Execution, allocation: Allocation): Field[] {
  const commission = Math.round((execution.commission * allocation.shares * 100) / execution.shares) / 100;
  return [ORDER_MSG_ID.COMMISSION_REPORT, 1, allocationExecId(execution, allocation.index), commission, execution.commissionCurrency, "1.7976931348623157E308", "1.7976931348623157E308", ""];
}

/** decodeMsg_ACCT_VALUE: version 2, key, value, currency, account. */
export function accountValue(key: string, value: string, currency: string, account: string): Field[] {
  return [ORDER_MSG_ID.ACCT_VALUE, 2, key, value, currency, account];
}

/**
 * decodeMsg_PORTFOLIO_VALUE, version 8: conId, symbol, secType, expiry, strike, right,
 * multiplier, primaryExch, currency, localSymbol, tradingClass, position, marketPrice,
 * marketValue, averageCost, unrealizedPNL, realizedPNL, account.
 */
export function portfolioValue(contract: Contract, figures: SimPosition): Field[] {
  const derivative = contract.secType === "OPT" || contract.secType === "FUT";
  const units = figures.position * contract.multiplier;
  const marketPrice = units === 0 ? 0 : Math.round((figures.value / units) * 1e8) / 1e8;
  return [
    ORDER_MSG_ID.PORTFOLIO_VALUE, 8, contract.conId, contract.symbol, contract.secType, contract.lastTradeDate,
    derivative ? javaDouble(contract.strike) : 0, contract.right, derivative ? String(contract.multiplier) : "",
    contract.secType === "STK" ? contract.exchange : "", contract.currency, contract.localSymbol, contract.tradingClass,
    figures.position, marketPrice, figures.value, figures.avgCost, figures.unrealizedPnL, figures.realizedPnL, figures.account,
  ];
}

/** decodeMsg_ACCT_UPDATE_TIME: version 1, "HH:mm" in the gateway's time zone. */
export function accountUpdateTime(at: Date): Field[] {
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  return [ORDER_MSG_ID.ACCT_UPDATE_TIME, 1, time];
}

export function accountDownloadEnd(account: string): Field[] {
  return [ORDER_MSG_ID.ACCT_DOWNLOAD_END, 1, account];
}
