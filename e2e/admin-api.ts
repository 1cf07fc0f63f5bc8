import { expect, type APIRequestContext } from "@playwright/test";

/** Adds a user through the admin API, as an admin's logged-in request context, with the session's CSRF token. */
export async function addUserAsAdmin(request: APIRequestContext, baseURL: string, user: { name: string; role: string; password: string; grants: string[] }) {
  const { csrfToken } = (await (await request.get(`${baseURL}/api/session`)).json()) as { csrfToken: string };
  const response = await request.post(`${baseURL}/api/admin/users`, { headers: { origin: baseURL, "x-csrf-token": csrfToken }, data: user });
  expect(response.status(), `adding ${user.name}`).toBe(201);
}
