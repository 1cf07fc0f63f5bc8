import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/users-admin";
import styles from "../page.module.css";

export const metadata: Metadata = { title: "Admin \u2014 RiskDesk" };

/** Users, roles and grants, for admins: the API behind it refuses anyone else. */
export default function AdminPage() {
  return (
    <main className={styles.page}>
      <UsersAdmin />
    </main>
  );
}
