import { z } from "zod";
import { passwordSchema, roleSchema, userNameSchema } from "./auth";
import { scopeIdSchema } from "./scope";

/**
 * The admin API (/api/admin/users): the bodies the admin page sends and the list it reads,
 * validated on both sides. Grants travel as scope ids, `group:<name>` or `account:<id>`.
 */
export const ADMIN_USERS_PATH = "/api/admin/users";
export const adminUserPath = (name: string) => `${ADMIN_USERS_PATH}/${encodeURIComponent(name)}`;

/** A user may hold at most this many grants: enough for any desk, and a bound on a body's work. */
export const MAX_GRANTS = 200;

export const grantIdSchema = scopeIdSchema.refine((id) => id !== "all", "a grant is group:<name> or account:<id>, not all");
const grantsSchema = z
  .array(grantIdSchema)
  .max(MAX_GRANTS, `at most ${MAX_GRANTS} grants`)
  .refine((grants) => new Set(grants).size === grants.length, "a grant is listed twice");

export const newUserSchema = z.strictObject({
  name: userNameSchema,
  role: roleSchema,
  password: passwordSchema,
  /** Empty: every account. */
  grants: grantsSchema.default([]),
});
export type NewUser = z.input<typeof newUserSchema>;

/** One change to a user per request, so each is audited, and refused, on its own. */
export const userChangeSchema = z.union([
  z.strictObject({ role: roleSchema }),
  z.strictObject({ grants: grantsSchema }),
  z.strictObject({ password: passwordSchema }),
  z.strictObject({ disabled: z.boolean() }),
]);
export type UserChange = z.infer<typeof userChangeSchema>;

export const adminUserSchema = z.object({
  name: z.string(),
  role: roleSchema,
  grants: z.array(grantIdSchema),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  lastLoginAt: z.iso.datetime().nullable(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema) });
