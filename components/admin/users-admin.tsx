"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSession } from "@/components/auth/use-session";
import { addUser, ADMIN_USERS_QUERY_KEY, changeUser, fetchUsers, removeUser } from "./admin-api";
import { AddUserForm } from "./add-user-form";
import { UserRow, type UserActions } from "./user-row";
import headings from "@/components/layout/headings.module.css";
import emptyState from "@/components/layout/empty-state.module.css";
import table from "@/components/layout/data-table.module.css";

/**
 * The users and what each may do, for admins; the server refuses anyone else. A change to a
 * user's role, grants or password ends its sessions, so it logs in again to its new view.
 */
export function UsersAdmin() {
  const session = useSession();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ADMIN_USERS_QUERY_KEY, queryFn: ({ signal }) => fetchUsers(signal), retry: false });
  const csrfToken = session.data?.csrfToken ?? "";

  /** Sends a change, then reads the users again whatever the answer. */
  const withRefresh = async (send: () => Promise<string | null>) => {
    const refusal = await send();
    await queryClient.invalidateQueries({ queryKey: ADMIN_USERS_QUERY_KEY });
    return refusal;
  };
  const actions: UserActions = {
    change: (name, change) => withRefresh(() => changeUser(csrfToken, name, change)),
    remove: (name) => withRefresh(() => removeUser(csrfToken, name)),
  };

  return (
    <>
      <section className={headings.section} aria-labelledby="users-heading">
        <h1 id="users-heading" className={headings.pageTitle}>
          Users {users.data && <span className={headings.note}>{users.data.length}</span>}
        </h1>
        {users.error ? (
          <p className={emptyState.empty} role="alert">
            Users could not be read: {users.error.message}
          </p>
        ) : !users.data ? (
          <p className={emptyState.empty} role="status">
            {"Loading users\u2026"}
          </p>
        ) : (
          <div className={table.scroller}>
            <table className={table.table} data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">Grants</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last login</th>
                  <th scope="col">Password and removal</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((user) => (
                  // Keyed on the state shown, so a row's local edits start over from what the server now holds.
                  <UserRow key={`${user.name} ${user.grants.join(" ")}`} user={user} actions={actions} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {!users.error && <AddUserForm submit={(user) => withRefresh(() => addUser(csrfToken, user))} />}
    </>
  );
}
