/**
 * Requests the simulator does not serve. A real gateway serves them all, so there is no IB
 * wording to copy; the simulator answers like TWS refusing a request it will not carry out:
 * 321 "Error validating request" addressed to the request's id (or -1 when it has none), and
 * 320 "Server error when reading an API client request" for a message id TWS does not know.
 */
import { ERROR_CODE, requestIdOf, requestName, validationError, NO_REQ_ID } from "../protocol";
import type { ClientRequest } from "../wire/request";
import type { RequestContext } from "./handler";

export function answerUnsupported(request: ClientRequest, context: RequestContext): void {
  if (requestName(request.msgId) === undefined) {
    context.sendError(NO_REQ_ID, ERROR_CODE.CANNOT_READ_REQUEST, `Server error when reading an API client request. Unknown message id ${request.msgId}`);
    return;
  }
  context.sendError(
    requestIdOf(request.fields),
    ERROR_CODE.INVALID_REQUEST,
    validationError(request.msgId, "The simulated gateway does not support this request"),
  );
}
