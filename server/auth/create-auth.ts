import { publicOrigins, type Config } from "@/server/config";
import type { Logger } from "@/server/logger";
import type { StoreClient } from "@/server/store/database";
import { storeAuditLog } from "./audit";
import { AuthRoutes } from "./auth-routes";
import { LoginLimiter } from "./login-limiter";
import { sessionOptions } from "./session-cookie";
import { UserDirectory } from "./users";

/** Access control over the store's users, as configured. */
export function createAuth(config: Config, client: StoreClient, logger: Logger): AuthRoutes {
  return new AuthRoutes({
    users: new UserDirectory(client),
    audit: storeAuditLog(client),
    limiter: new LoginLimiter(),
    session: sessionOptions(config, logger),
    origins: publicOrigins(config),
  });
}
