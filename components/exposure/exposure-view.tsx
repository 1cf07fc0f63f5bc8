"use client";

import { parseScope, scopeLabel } from "@/lib/scope";
import { useScope } from "@/components/scope/use-scope";
import { useExposure, useFaConfig, useView } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { useRequestExposure } from "@/components/stream/view-context";
import { ExposureBreakdown } from "./exposure-breakdown";
import { ExposureHeadline } from "./exposure-headline";
import headings from "@/components/layout/headings.module.css";
import styles from "./exposure.module.css";
import emptyState from "@/components/layout/empty-state.module.css";

/** Underlyings shown before "show all". */
const TOP_UNDERLYINGS = 15;

/** The selected scope's exposure: the headline, then by underlying, security type and currency. */
export function ExposureView() {
  useRequestExposure();
  const scope = useScope();
  const fa = useFaConfig();
  const view = useView();
  const exposure = useExposure();
  const { state } = useLinkHealth();
  // Until the server answers for this scope, what it sent is another scope's (or no exposure at all).
  const current = view?.scope === scope && view.exposure ? exposure : null;

  return (
    <section className={styles.view} data-stale={state !== "live" || undefined} aria-labelledby="exposure-heading">
      <h1 id="exposure-heading" className={headings.pageTitle}>
        Exposure <span className={headings.note}>{scopeLabel(parseScope(scope), fa.aliases)}</span>
        {current?.currency && <span className={headings.note}>in {current.currency}</span>}
      </h1>
      {!current ? (
        <p className={emptyState.empty} role="status">
          {view?.scope === scope && view.exposure ? "No exposure yet: positions and prices have not arrived." : "Loading exposure\u2026"}
        </p>
      ) : (
        <>
          <ExposureHeadline exposure={current} />
          {current.unpricedPositions > 0 && (
            <p className={styles.unpriced} role="status" data-testid="exposure-unpriced">
              <span aria-hidden="true">{"\u26a0"}</span> {current.unpricedPositions} position{current.unpricedPositions === 1 ? "" : "s"} not priced yet
            </p>
          )}
          <ExposureBreakdown
            title="By underlying"
            bucketLabel="Underlying"
            testId="exposure-underlying"
            buckets={current.byUnderlying}
            currency={current.currency}
            at={current.at}
            top={TOP_UNDERLYINGS}
            concentrationThreshold={current.concentrationThresholds.underlying}
          />
          <div className={styles.pair}>
            <ExposureBreakdown
              title="By security type"
              bucketLabel="Security type"
              testId="exposure-sectype"
              buckets={current.bySecType}
              currency={current.currency}
              at={current.at}
            />
            <ExposureBreakdown
              title="By currency"
              bucketLabel="Currency"
              testId="exposure-currency"
              buckets={current.byCurrency}
              currency={current.currency}
              at={current.at}
              concentrationThreshold={current.concentrationThresholds.currency}
            />
          </div>
        </>
      )}
    </section>
  );
}
