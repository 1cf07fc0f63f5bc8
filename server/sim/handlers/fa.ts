/**
 * reqFA: the advisor's groups (faDataType 1) and account aliases (3) as XML (model/fa.ts).
 * Profiles (2) are refused as by TWS from server version 177 (585; @stoqey/ib refuses them
 * itself at >= 177, so only an older or raw client gets here). A login that is not an FA
 * master gets 321 "FA data operations ignored for non FA customers." FA errors carry no
 * request id: they go to -1.
 */
import { FA_DATA_TYPE, aliasesXml, groupsXml } from "../model/fa";
import { ERROR_CODE, MESSAGES, NO_REQ_ID, OUT_MSG_ID, validationError } from "../protocol";
import { receiveFa } from "../replies";
import type { HandlerTable } from "./handler";

export const faHandlers: HandlerTable = new Map([
  [
    OUT_MSG_ID.REQ_FA,
    (request, context) => {
      const faDataType = request.skipVersion().int("faDataType");
      const { simulation } = context;
      if (!simulation.isFa) {
        context.sendError(NO_REQ_ID, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_FA, MESSAGES.nonFaCustomer));
        return;
      }
      switch (faDataType) {
        case FA_DATA_TYPE.GROUPS:
          context.send(receiveFa(faDataType, groupsXml(simulation.portfolio.groups)));
          return;
        case FA_DATA_TYPE.ALIASES:
          context.send(receiveFa(faDataType, aliasesXml(simulation.portfolio.accounts)));
          return;
        case FA_DATA_TYPE.PROFILES:
          context.sendError(NO_REQ_ID, ERROR_CODE.FA_PROFILE_NOT_SUPPORTED, MESSAGES.faProfileNotSupported);
          return;
        default:
          context.sendError(NO_REQ_ID, ERROR_CODE.INVALID_REQUEST, validationError(OUT_MSG_ID.REQ_FA, `Invalid FA data type ${faDataType}`));
      }
    },
  ],
]);
