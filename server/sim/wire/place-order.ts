/**
 * Reads a PLACE_ORDER request field by field, as @stoqey/ib's encoder writes it (placeOrder in
 * core/io/encoder.js) at the negotiated server version, up to the algo parameters; what
 * follows them is not modelled. Combo (BAG) orders are not served.
 */
import { conIdOfSymbol } from "../model/instruments";
import type { OrderAction, OrderRequest, TagValue } from "../model/orders";
import { MalformedRequestError, type ClientRequest } from "./request";

const SV = { MODELS_SUPPORT: 103, ORDER_CONTAINER: 145, FA_PROFILE_DESUPPORT: 177 } as const;

export interface PlaceOrderRequest {
  orderId: number;
  order: OrderRequest;
  secType: string;
}

function optionalNumber(request: ClientRequest, name: string): number | undefined {
  const text = request.str(name);
  if (text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new MalformedRequestError(`${name} is not a number: ${JSON.stringify(text)}`);
  // IB's unset double.
  return value >= Number.MAX_VALUE ? undefined : value;
}

const truthy = (text: string) => text === "1" || text.toLowerCase() === "true";

function skip(request: ClientRequest, ...names: string[]): void {
  for (const name of names) request.str(name);
}

export function readPlaceOrder(request: ClientRequest, serverVersion: number): PlaceOrderRequest {
  if (serverVersion < SV.ORDER_CONTAINER) request.skipVersion();
  const orderId = request.int("orderId");
  const conIdText = request.str("conId");
  const symbol = request.str("symbol");
  const secType = request.str("secType");
  if (secType === "BAG") throw new MalformedRequestError("combo (BAG) orders are not supported by the simulated gateway");
  skip(request, "lastTradeDateOrContractMonth", "strike", "right", "multiplier", "exchange", "primaryExch", "currency", "localSymbol", "tradingClass", "secIdType", "secId");
  const action = request.str("action") as OrderAction;
  const totalQuantity = optionalNumber(request, "totalQuantity") ?? 0;
  const orderType = request.str("orderType");
  const lmtPrice = optionalNumber(request, "lmtPrice");
  const auxPrice = optionalNumber(request, "auxPrice");
  const tif = request.str("tif");
  skip(request, "ocaGroup");
  const account = request.str("account");
  skip(request, "openClose", "origin");
  const orderRef = request.str("orderRef");
  skip(request, "transmit", "parentId", "blockOrder", "sweepToFill", "displaySize", "triggerMethod");
  const outsideRth = truthy(request.str("outsideRth"));
  skip(request, "hidden", "sharesAllocation", "discretionaryAmt", "goodAfterTime", "goodTillDate");
  const faGroup = request.str("faGroup");
  const faMethod = request.str("faMethod");
  const faPercentage = request.str("faPercentage");
  if (serverVersion < SV.FA_PROFILE_DESUPPORT) skip(request, "faProfile");
  if (serverVersion >= SV.MODELS_SUPPORT) skip(request, "modelCode");
  skip(request, "shortSaleSlot", "designatedLocation", "exemptCode", "ocaType", "rule80A", "settlingFirm", "allOrNone", "minQty");
  skip(request, "percentOffset", "eTradeOnly", "firmQuoteOnly", "nbboPriceCap", "auctionStrategy", "startingPrice", "stockRefPrice");
  skip(request, "delta", "stockRangeLower", "stockRangeUpper", "overridePercentageConstraints", "volatility", "volatilityType");
  const deltaNeutralOrderType = request.str("deltaNeutralOrderType");
  skip(request, "deltaNeutralAuxPrice");
  if (deltaNeutralOrderType !== "") {
    skip(request, "dnConId", "dnSettlingFirm", "dnClearingAccount", "dnClearingIntent", "dnOpenClose", "dnShortSale", "dnShortSaleSlot", "dnDesignatedLocation");
  }
  skip(request, "continuousUpdate", "referencePriceType");
  skip(request, "trailStopPrice");
  const trailingPercent = optionalNumber(request, "trailingPercent");
  skip(request, "scaleInitLevelSize", "scaleSubsLevelSize");
  if (request.str("scalePriceIncrement") !== "") {
    skip(request, "scalePriceAdjustValue", "scalePriceAdjustInterval", "scaleProfitOffset", "scaleAutoReset", "scaleInitPosition", "scaleInitFillQty", "scaleRandomPercent");
  }
  skip(request, "scaleTable", "activeStartTime", "activeStopTime");
  if (request.str("hedgeType") !== "") skip(request, "hedgeParam");
  skip(request, "optOutSmartRouting", "clearingAccount", "clearingIntent", "notHeld");
  if (truthy(request.str("deltaNeutralContract"))) skip(request, "dnContractConId", "dnContractDelta", "dnContractPrice");
  const algoStrategy = request.str("algoStrategy");
  const algoParams: TagValue[] = [];
  if (algoStrategy !== "") {
    const count = request.int("algoParamsCount");
    for (let i = 0; i < count; i++) algoParams.push({ tag: request.str("algoTag"), value: request.str("algoValue") });
  }
  const conId = /^\d+$/.test(conIdText) && conIdText !== "0" ? Number(conIdText) : (conIdOfSymbol(symbol, secType) ?? 0);
  return {
    orderId,
    secType,
    order: {
      account, conId, action, totalQuantity, orderType, lmtPrice, auxPrice, trailingPercent,
      tif, orderRef, outsideRth, faGroup, faMethod, faPercentage, algoStrategy, algoParams,
    },
  };
}
