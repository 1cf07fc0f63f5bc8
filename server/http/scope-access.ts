import type { IncomingMessage } from "node:http";
import type { ScopeId } from "@/lib/scope";

/**
 * Whether a request may read a scope's data (figures, history). The one place HTTP routes ask;
 * access control (server/auth) replaces `everyoneMayRead` with the session's grants.
 */
export type ScopeAccess = (request: IncomingMessage, scope: ScopeId) => boolean;

/** Until there are users: whoever reaches the port reads every scope, as on the stream. */
export const everyoneMayRead: ScopeAccess = () => true;
