import { ADMIN_USERS_PATH, adminUserPath, adminUsersResponseSchema, type AdminUser, type NewUser, type UserChange } from "@/lib/admin";
import { sendJson } from "@/components/auth/session-api";
import { getJson } from "@/components/query/get-json";

export const ADMIN_USERS_QUERY_KEY = ["admin-users"] as const;

export async function fetchUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  return (await getJson(ADMIN_USERS_PATH, adminUsersResponseSchema, signal)).users;
}

/** Each returns the server's refusal in words, or null when done. */
export const addUser = (csrfToken: string, user: NewUser) => sendJson("POST", ADMIN_USERS_PATH, csrfToken, user);
export const changeUser = (csrfToken: string, name: string, change: UserChange) => sendJson("PATCH", adminUserPath(name), csrfToken, change);
export const removeUser = (csrfToken: string, name: string) => sendJson("DELETE", adminUserPath(name), csrfToken);
