"use client";

import { useState } from "react";
import { parseScope, scopeLabel, type ScopeId } from "@/lib/scope";
import { useMayAct } from "@/components/auth/use-session";
import { useFaConfig } from "@/components/stream/hooks";
import { CancelDialog } from "./cancel-dialog";
import styles from "./orders.module.css";

interface ScopedCancelProps {
  /** One account or one FA group; the header's emergency cancel is the one for everything. */
  scope: ScopeId;
  testId: string;
}

/**
 * "Cancel orders in <scope>": opens the guarded cancel dialog over one account or FA group,
 * for risk managers and admins only. The blotter and the overview both offer it.
 */
export function ScopedCancel({ scope, testId }: ScopedCancelProps) {
  const allowed = useMayAct();
  const { aliases } = useFaConfig();
  // Which scope the dialog was opened over: a dialog never carries over to another scope.
  const [openedOver, setOpenedOver] = useState<ScopeId | null>(null);
  if (!allowed || parseScope(scope).kind === "all") return null;
  return (
    <>
      <button type="button" className={styles.danger} data-testid={testId} data-scope={scope} onClick={() => setOpenedOver(scope)}>
        Cancel orders in {scopeLabel(parseScope(scope), aliases)}
      </button>
      {openedOver === scope && <CancelDialog scope={scope} onClose={() => setOpenedOver(null)} />}
    </>
  );
}
