import { newUserSchema, userChangeSchema, type AdminUser } from "@/lib/admin";
import { userNameSchema } from "@/lib/auth";
import { parseScope, scopeId, type Grant } from "@/lib/scope";
import { AuditUnavailableError, type UserAdministration } from "@/server/auth/user-admin";
import { UserError, type UserErrorReason, type UserSummary } from "@/server/auth/users";
import { forRoles, methodNotAllowed, parseBody, type ApiRoute } from "./api-route";

/** A new user with a few hundred grants fits well within this. */
const BODY_LIMIT = 32 * 1024;

const STATUS_OF: Record<UserErrorReason, number> = { invalid: 400, missing: 404, exists: 409, lastAdmin: 409 };

const toAdminUser = (user: UserSummary): AdminUser => ({
  name: user.name,
  role: user.role,
  grants: user.grants.map(scopeId),
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
});

// The schemas let through only group:<name> and account:<id>.
const grantsOf = (ids: readonly string[]) => ids.map((id) => parseScope(id) as Grant);

/**
 * /api/admin/users, for admins only: GET lists the users, POST adds one; PATCH
 * /api/admin/users/<name> changes its role, grants, password or whether it is disabled (one
 * per request), DELETE removes it. Each change is audited with the admin's name and address
 * and, when it narrows what the user may do, ends its sessions and drops its sockets at once.
 */
export function adminUsersRoute(admin: UserAdministration): ApiRoute {
  return forRoles(["admin"], async (request) => {
    const actor = { name: request.user.name, address: request.address };
    try {
      if (request.subpath === "") {
        if (request.method === "GET") return { status: 200, body: { users: (await admin.list()).map(toAdminUser) } };
        if (request.method !== "POST") return methodNotAllowed("GET, POST");
        const parsed = await parseBody(request, newUserSchema, BODY_LIMIT);
        if ("refusal" in parsed) return parsed.refusal;
        const { name, role, password, grants } = parsed.data;
        await admin.add(actor, name, role, password, grantsOf(grants));
        return { status: 201, body: { ok: true } };
      }
      const name = userNameSchema.safeParse(request.subpath);
      if (!name.success) return { status: 404, body: { error: "no such user" } };
      if (request.method === "DELETE") {
        await admin.remove(actor, name.data);
        return { status: 200, body: { ok: true } };
      }
      if (request.method !== "PATCH") return methodNotAllowed("PATCH, DELETE");
      const parsed = await parseBody(request, userChangeSchema, BODY_LIMIT);
      if ("refusal" in parsed) return parsed.refusal;
      const change = parsed.data;
      if ("role" in change) await admin.setRole(actor, name.data, change.role);
      else if ("grants" in change) await admin.replaceGrants(actor, name.data, grantsOf(change.grants));
      else if ("password" in change) await admin.setPassword(actor, name.data, change.password);
      else await admin.setDisabled(actor, name.data, change.disabled);
      return { status: 200, body: { ok: true } };
    } catch (error) {
      if (error instanceof UserError) return { status: STATUS_OF[error.reason], body: { error: error.message } };
      if (error instanceof AuditUnavailableError) return { status: 503, body: { error: error.message } };
      throw error;
    }
  });
}
