import type { SessionOptions } from "iron-session";
import type { StreamAccess } from "@/server/realtime/stream-access";
import { sameOrigin } from "./origin";
import { readSessionOnly } from "./session-cookie";
import type { UserDirectory } from "./users";

/** The stream opens from RiskDesk's own origin with a live session, the same cookie the pages use. */
export function sessionStreamAccess(users: UserDirectory, session: SessionOptions, origins: () => readonly string[]): StreamAccess {
  return {
    async admit(request) {
      if (!sameOrigin(request.headers, origins())) return null;
      const { userId, sessionVersion } = await readSessionOnly(request, session);
      if (userId === undefined || sessionVersion === undefined) return null;
      const user = await users.sessionUser(userId, sessionVersion);
      return user && { userId: user.id, name: user.name, sessionVersion, role: user.role, grants: user.grants };
    },
    sessionVersions: (ids) => users.sessionVersions(ids),
    onSessionsEnded: (listener) => users.onSessionsEnded(listener),
  };
}
