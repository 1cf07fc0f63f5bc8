/**
 * The request/cancel pair every streaming TWS request follows: read the request, refuse it
 * with IB's 321 addressed to it when it cannot be served, else subscribe and send the first
 * answer; the cancel ends the subscription of the same request id.
 */
import { ERROR_CODE, NO_REQ_ID, validationError } from "../protocol";
import type { ClientRequest } from "../wire/request";
import type { HandlerTable, RequestContext, Subscription } from "./handler";

export interface SubscriptionRequest {
  /** Message ids of the request and of its cancel. */
  request: number;
  cancel: number;
  /** Both messages carry a version field first. */
  versioned: boolean;
  /** Both carry a request id (reqPositions does not: a client has at most one). */
  identified: boolean;
  /** IB's cap on concurrent subscriptions of this kind per client, and its refusal beyond it. */
  limit?: { max: number; code: number; message: string };
  /** Reads the request's other fields: the subscription to start, or why IB refuses it. */
  open(request: ClientRequest, context: RequestContext, reqId: number): Subscription | string;
}

export function subscriptionHandlers(spec: SubscriptionRequest): HandlerTable {
  const keyOf = (reqId: number) => `${spec.request}:${reqId}`;
  const readHead = (request: ClientRequest) => {
    if (spec.versioned) request.skipVersion();
    return spec.identified ? request.int("reqId") : NO_REQ_ID;
  };
  return new Map([
    [
      spec.request,
      (request, context) => {
        const reqId = readHead(request);
        const { limit } = spec;
        if (limit && !context.hasSubscription(keyOf(reqId)) && context.countSubscriptions(`${spec.request}:`) >= limit.max) {
          context.sendError(reqId, limit.code, limit.message);
          return;
        }
        const opened = spec.open(request, context, reqId);
        if (typeof opened === "string") {
          context.sendError(reqId, ERROR_CODE.INVALID_REQUEST, validationError(spec.request, opened));
          return;
        }
        context.subscribe(keyOf(reqId), opened);
        opened.start();
      },
    ],
    [spec.cancel, (request, context) => void context.unsubscribe(keyOf(readHead(request)))],
  ]);
}
