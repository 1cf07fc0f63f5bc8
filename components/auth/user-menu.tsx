"use client";

import { ROLE_LABELS } from "@/lib/auth";
import { goToLogin } from "./go-to-login";
import { logOut } from "./session-api";
import { useSession } from "./use-session";
import controls from "@/components/controls/button.module.css";
import styles from "./user-menu.module.css";

/** Who is logged in, in which role, and the way out. */
export function UserMenu() {
  const session = useSession();
  const user = session.data?.user;
  if (!user) return null;

  async function logout() {
    await logOut(session.data!.csrfToken);
    // The server drops this page's stream at once, which sends it to the login page as well: one of the two goes.
    goToLogin({ comeBack: false });
  }

  return (
    <div className={styles.user} data-testid="user-menu">
      <span>
        <span className={styles.name}>{user.name}</span> <span className={styles.role}>{ROLE_LABELS[user.role]}</span>
      </span>
      <button type="button" className={controls.button} onClick={() => void logout()}>
        Log out
      </button>
    </div>
  );
}
