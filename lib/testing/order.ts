import { orderKey, type WorkingOrder } from "@/lib/orders";

/** A working limit order for tests: buy 10 AAPL, good till cancelled, order id = perm id; override what the test is about. */
export function testOrder(account: string, permId: number, fields: Partial<WorkingOrder> = {}): WorkingOrder {
  return {
    key: orderKey(account, permId),
    account,
    symbol: "AAPL",
    secType: "STK",
    side: "BUY",
    quantity: 10,
    filled: 0,
    remaining: 10,
    type: "LMT",
    limitPrice: 13.27,
    stopPrice: null,
    tif: "GTC",
    status: "Submitted",
    clientId: 1,
    orderId: permId,
    permId,
    orderRef: "",
    faGroup: null,
    changedAt: 1,
    ...fields,
  };
}
