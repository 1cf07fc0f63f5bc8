import { publicOrigins, type Config } from "@/server/config";
import type { Logger } from "@/server/logger";
import type { StreamAccess } from "@/server/realtime/stream-access";
import type { StoreClient } from "@/server/store/database";
import { storeAuditLog, type AuditLog } from "./audit";
import { AuthRoutes } from "./auth-routes";
import { LoginLimiter } from "./login-limiter";
import { sessionOptions } from "./session-cookie";
import { sessionStreamAccess } from "./stream-access";
import { UserAdministration } from "./user-admin";
import { UserDirectory } from "./users";

/** Access control: the HTTP routes and guard, who may open the stream, user management and the audit log. */
export interface Auth {
  routes: AuthRoutes;
  stream: StreamAccess;
  /** Shares the stream's user directory: a change made through it drops the user's sockets at once. */
  admin: UserAdministration;
  audit: AuditLog;
}

/** Access control over the store's users, as configured. */
export function createAuth(config: Config, client: StoreClient, logger: Logger): Auth {
  const users = new UserDirectory(client);
  const session = sessionOptions(config, logger);
  const origins = publicOrigins(config);
  const audit = storeAuditLog(client);
  return {
    routes: new AuthRoutes({ users, audit, limiter: new LoginLimiter(), session, origins }),
    stream: sessionStreamAccess(users, session, () => origins),
    admin: new UserAdministration(users, audit),
    audit,
  };
}
