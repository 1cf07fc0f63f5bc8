import { publicOrigins, type Config } from "@/server/config";
import type { Logger } from "@/server/logger";
import type { StreamAccess } from "@/server/realtime/stream-access";
import type { StoreClient } from "@/server/store/database";
import { storeAuditLog } from "./audit";
import { AuthRoutes } from "./auth-routes";
import { LoginLimiter } from "./login-limiter";
import { sessionOptions } from "./session-cookie";
import { sessionStreamAccess } from "./stream-access";
import { UserDirectory } from "./users";

/** Access control: the HTTP routes and guard, and who may open the stream. */
export interface Auth {
  routes: AuthRoutes;
  stream: StreamAccess;
}

/** Access control over the store's users, as configured. */
export function createAuth(config: Config, client: StoreClient, logger: Logger): Auth {
  const users = new UserDirectory(client);
  const session = sessionOptions(config, logger);
  const origins = publicOrigins(config);
  return {
    routes: new AuthRoutes({ users, audit: storeAuditLog(client), limiter: new LoginLimiter(), session, origins }),
    stream: sessionStreamAccess(users, session, () => origins),
  };
}
