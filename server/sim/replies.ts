/**
 * The messages the simulator sends, field by field as @stoqey/ib's decoder reads them
 * (decodeMsg_<NAME> in core/io/decoder.js) at the session's negotiated server version.
 */
import type { Contract } from "./model/instruments";
import { IN_MSG_ID, MIN_SERVER_VER } from "./protocol";
import type { Field } from "@/server/tws-wire/frames";

export function serverHello(serverVersion: number, connectionTime: string): Field[] {
  return [serverVersion, connectionTime];
}

/** decodeMsg_ERR_MSG: version 2, id, code, message, then advancedOrderRejectJson from 166. */
export function errorMessage(serverVersion: number, reqId: number, code: number, message: string): Field[] {
  const fields: Field[] = [IN_MSG_ID.ERR_MSG, 2, reqId, code, message];
  if (serverVersion >= MIN_SERVER_VER.ADVANCED_ORDER_REJECT) fields.push("");
  return fields;
}

/** The list is comma-separated without a trailing comma (the client would add an empty account). */
export function managedAccounts(accounts: readonly string[]): Field[] {
  return [IN_MSG_ID.MANAGED_ACCTS, 1, accounts.join(",")];
}

export function nextValidId(orderId: number): Field[] {
  return [IN_MSG_ID.NEXT_VALID_ID, 1, orderId];
}

export function currentTime(epochSeconds: number): Field[] {
  return [IN_MSG_ID.CURRENT_TIME, 1, epochSeconds];
}

export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): Field[] {
  return [IN_MSG_ID.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency];
}

export function accountSummaryEnd(reqId: number): Field[] {
  return [IN_MSG_ID.ACCOUNT_SUMMARY_END, 1, reqId];
}

/** decodeMsg_PNL: no version field; unrealized from 129, realized from 135. */
export function pnl(serverVersion: number, reqId: number, daily: number, unrealized: number, realized: number): Field[] {
  const fields: Field[] = [IN_MSG_ID.PNL, reqId, daily];
  if (serverVersion >= MIN_SERVER_VER.UNREALIZED_PNL) fields.push(unrealized);
  if (serverVersion >= MIN_SERVER_VER.REALIZED_PNL) fields.push(realized);
  return fields;
}

/** decodeMsg_PNL_SINGLE: no version field; pos, daily, unrealized from 129, realized from 135, value. */
export function pnlSingle(
  serverVersion: number, reqId: number, pos: number, daily: Field, unrealized: Field, realized: Field, value: Field,
): Field[] {
  const fields: Field[] = [IN_MSG_ID.PNL_SINGLE, reqId, pos, daily];
  if (serverVersion >= MIN_SERVER_VER.UNREALIZED_PNL) fields.push(unrealized);
  if (serverVersion >= MIN_SERVER_VER.REALIZED_PNL) fields.push(realized);
  fields.push(value);
  return fields;
}

/** A double as Java prints it ("500.0"), as TWS writes strikes. */
const javaDouble = (value: number): string => (Number.isInteger(value) ? value.toFixed(1) : String(value));

/**
 * The contract of a position, as IB sends it (reference transcript grounded_positions.txt):
 * conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
 * currency, localSymbol, tradingClass. Stocks and currency pairs have no strike or multiplier;
 * futures and options come without exchange (IB leaves it empty: they may trade on several).
 */
function positionContract(contract: Contract): Field[] {
  const derivative = contract.secType === "OPT" || contract.secType === "FUT";
  return [
    contract.conId,
    contract.symbol,
    contract.secType,
    contract.lastTradeDate,
    derivative ? javaDouble(contract.strike) : "",
    contract.right,
    derivative ? String(contract.multiplier) : "",
    derivative ? "" : contract.exchange,
    contract.currency,
    contract.localSymbol,
    contract.tradingClass,
  ];
}

/** decodeMsg_POSITION, message version 3 (tradingClass from 2, avgCost from 3). */
export function position(account: string, contract: Contract, pos: Field, avgCost: Field): Field[] {
  return [IN_MSG_ID.POSITION, 3, account, ...positionContract(contract), pos, avgCost];
}

export function positionEnd(): Field[] {
  return [IN_MSG_ID.POSITION_END, 1];
}

/** decodeMsg_POSITION_MULTI: version 1, reqId, account, contract, pos, avgCost, modelCode. */
export function positionMulti(reqId: number, account: string, contract: Contract, pos: Field, avgCost: Field, modelCode: string): Field[] {
  return [IN_MSG_ID.POSITION_MULTI, 1, reqId, account, ...positionContract(contract), pos, avgCost, modelCode];
}

export function positionMultiEnd(reqId: number): Field[] {
  return [IN_MSG_ID.POSITION_MULTI_END, 1, reqId];
}

/** decodeMsg_ACCOUNT_UPDATE_MULTI: version 1, reqId, account, modelCode, key, value, currency. */
export function accountUpdateMulti(reqId: number, account: string, modelCode: string, key: string, value: string, currency: string): Field[] {
  return [IN_MSG_ID.ACCOUNT_UPDATE_MULTI, 1, reqId, account, modelCode, key, value, currency];
}

export function accountUpdateMultiEnd(reqId: number): Field[] {
  return [IN_MSG_ID.ACCOUNT_UPDATE_MULTI_END, 1, reqId];
}

/** decodeMsg_RECEIVE_FA: version 1, faDataType, xml. */
export function receiveFa(faDataType: number, xml: string): Field[] {
  return [IN_MSG_ID.RECEIVE_FA, 1, faDataType, xml];
}
