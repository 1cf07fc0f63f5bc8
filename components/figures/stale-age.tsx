"use client";

import { formatAge } from "@/lib/format";
import { useServerNow } from "@/components/stream/use-server-now";
import styles from "./figure-value.module.css";

/**
 * The age of a stale figure, ticking. Drawn from an attribute by CSS, so it does not
 * join the figure's text (the cell's text stays exactly the formatted value).
 */
export function StaleAge({ changedAt }: { changedAt: number }) {
  const serverNow = useServerNow();
  return <span className={styles.age} data-age={formatAge(serverNow - changedAt)} aria-hidden="true" />;
}
