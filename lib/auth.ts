import { z } from "zod";

/** What a user may do: viewers read; risk managers also act on alerts; admins also manage users. */
export const ROLES = ["viewer", "riskManager", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", riskManager: "Risk manager", admin: "Admin" };

/** The header that carries the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = "x-csrf-token";

export const userNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, "a user name is letters, digits and . _ @ -");

/** The rule for a new password, wherever it is set (the user CLI, the admin page). */
export const passwordSchema = z.string().min(10, "a password has at least 10 characters").max(1024);

export const loginRequestSchema = z.strictObject({
  name: userNameSchema,
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/**
 * GET /api/session: who is logged in (and whether grants limit it to some accounts), the token
 * to send back, and whether any user exists yet.
 */
export const sessionInfoSchema = z.object({
  user: z.object({ name: z.string(), role: roleSchema, limited: z.boolean() }).nullable(),
  csrfToken: z.string(),
  hasUsers: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;
