// `npm run user -- <command>`: manages RiskDesk's users in its store (the same DATABASE_URL or
// SQLITE_PATH as the server). Every change is written to the audit log.
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { roleSchema, userNameSchema, type Role } from "@/lib/auth";
import { scopeId } from "@/lib/scope";
import { configSchema } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openStore, storeLocation } from "@/server/store/database";
import { storeAuditLog } from "./audit";
import { readNewPassword } from "./password-input";
import { UserAdministration } from "./user-admin";
import { parseGrant, UserDirectory, UserError } from "./users";

const USAGE = `usage: npm run user -- <command>
  add <name> --role viewer|riskManager|admin   (password from a prompt or standard input)
  passwd <name>                                (password from a prompt or standard input)
  role <name> viewer|riskManager|admin
  grant <name> group:<name>|account:<id>       (limits the user to what its grants cover)
  revoke <name> group:<name>|account:<id>
  list
  remove <name>`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { role: { type: "string" } }, allowPositionals: true });
  const [command, rawName, argument] = positionals;
  const name = () => {
    const parsed = userNameSchema.safeParse(rawName);
    if (!parsed.success) throw new UsageError(rawName ? `bad user name: ${parsed.error.issues[0]!.message}` : "a user name is needed");
    return parsed.data;
  };
  const role = (text: string | undefined): Role => {
    const parsed = roleSchema.safeParse(text);
    if (!parsed.success) throw new UsageError("a role is viewer, riskManager or admin");
    return parsed.data;
  };

  const config = configSchema.pick({ DATABASE_URL: true, SQLITE_PATH: true }).parse(process.env);
  const store = await openStore(storeLocation(config), createLogger("warn"));
  const users = new UserAdministration(new UserDirectory(store.client), storeAuditLog(store.client));
  const actor = { name: `cli:${userInfo().username}`, address: null };
  try {
    switch (command) {
      case "add": {
        const user = name();
        const userRole = role(values.role);
        await users.add(actor, user, userRole, await readNewPassword());
        console.log(`added ${user} (${userRole})`);
        break;
      }
      case "passwd": {
        const user = name();
        await users.setPassword(actor, user, await readNewPassword());
        console.log(`new password for ${user}; its sessions have ended`);
        break;
      }
      case "role": {
        const user = name();
        const userRole = role(argument);
        await users.setRole(actor, user, userRole);
        console.log(`${user} is now ${userRole}; its sessions have ended`);
        break;
      }
      case "grant":
      case "revoke": {
        const user = name();
        const grant = parseGrant(argument ?? "");
        if (command === "grant") await users.grant(actor, user, grant);
        else await users.revoke(actor, user, grant);
        console.log(`${command === "grant" ? "granted" : "revoked"} ${scopeId(grant)} ${command === "grant" ? "to" : "from"} ${user}; its sessions have ended`);
        break;
      }
      case "list":
        for (const user of await users.list()) {
          const grants = user.grants.length ? user.grants.map(scopeId).join(", ") : "every account";
          console.log(`${user.name}\t${user.role}\t${grants}${user.disabled ? "\tdisabled" : ""}`);
        }
        break;
      case "remove": {
        const user = name();
        await users.remove(actor, user);
        console.log(`removed ${user}`);
        break;
      }
      default:
        throw new UsageError(command ? `unknown command: ${command}` : "a command is needed");
    }
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`user: ${error.message}\n${USAGE}`);
  else if (error instanceof UserError) console.error(`user: ${error.message}`);
  else if (error instanceof ZodError) console.error(`user: ${error.issues[0]!.message}`);
  else console.error("user: failed:", error instanceof Error ? error.message : error);
  process.exit(1);
});
