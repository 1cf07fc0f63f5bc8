/**
 * The messages the simulator sends, field by field as @stoqey/ib's decoder reads them
 * (decodeMsg_<NAME> in core/io/decoder.js) at the session's negotiated server version.
 */
import { IN_MSG_ID, MIN_SERVER_VER } from "./protocol";
import type { Field } from "./wire/frames";

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
