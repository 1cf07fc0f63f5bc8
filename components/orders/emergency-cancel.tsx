"use client";

import { useState } from "react";
import { ALL_SCOPE } from "@/lib/scope";
import { useMayCancelEverything } from "@/components/auth/use-session";
import { CancelDialog } from "./cancel-dialog";
import styles from "./orders.module.css";

/** The emergency cancel, in the header of every page, for risk managers and admins not limited by grants. */
export function EmergencyCancel() {
  const allowed = useMayCancelEverything();
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <button type="button" className={styles.emergency} data-testid="emergency-cancel" onClick={() => setOpen(true)}>
        Cancel all orders
      </button>
      {open && <CancelDialog scope={ALL_SCOPE} onClose={() => setOpen(false)} />}
    </>
  );
}
