"use client";

import { useId, useMemo, useState } from "react";
import { FIRM_SERIES, parseScope, scopeSeries, seriesLabel, seriesScope } from "@/lib/scope";
import { formatMoney, formatPnL } from "@/lib/format";
import { useScope } from "@/components/scope/use-scope";
import { useAccount, useAccountIds, useFaConfig, useFirm, useGroup, useHistory } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { joinStoredAndLive } from "@/components/history/join-stored-and-live";
import { useStoredHistory } from "@/components/history/use-stored-history";
import { HistoryLineChart, type ChartPoint } from "./history-line-chart";
import controls from "@/components/controls/labelled-control.module.css";
import headings from "@/components/layout/headings.module.css";
import styles from "./intraday-chart.module.css";
import emptyState from "@/components/layout/empty-state.module.css";

/**
 * Net liquidation and daily P&L over the day for a series the server sends for the
 * selected scope: under All the firm or an FA group (an account's own series comes with
 * its account or group scope); under a group the group (series id = its scope id) or one
 * of its accounts; under an account that account. Today's points from the store come first,
 * so the chart survives a restart of the server; the live ones continue them.
 */
export function IntradayChart() {
  const scope = useScope();
  const accountIds = useAccountIds();
  const { aliases, groups } = useFaConfig();
  const [chosen, setChosen] = useState(FIRM_SERIES);
  const choices = scopeSeries(parseScope(scope), accountIds, groups);
  // A series outside the scope (or no longer followed) falls back to the scope's first.
  const series = choices.includes(chosen) ? chosen : (choices[0] ?? FIRM_SERIES);
  const points = useTodaysSeries(series);
  const { state } = useLinkHealth();
  const selectId = useId();

  return (
    <section
      className={headings.section}
      data-testid="intraday-chart"
      data-stale={state !== "live" || undefined}
      data-first-point-at={points[0]?.at}
      aria-labelledby="chart-heading"
    >
      <div className={styles.bar}>
        <h2 id="chart-heading" className={headings.sectionHeading}>
          Intraday <SeriesCurrency series={series} />
        </h2>
        <label htmlFor={selectId} className={controls.labelled}>
          Series
          <select id={selectId} value={series} onChange={(event) => setChosen(event.target.value)}>
            {choices.map((id) => (
              <option key={id} value={id}>
                {seriesLabel(id, aliases)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {points.length === 0 ? (
        <p className={emptyState.empty}>No intraday points yet.</p>
      ) : (
        <div className={styles.charts}>
          <HistoryLineChart title="Net liquidation" points={points} metric="netLiquidation" format={(value) => formatMoney(value, null)} tone="nlv" />
          <HistoryLineChart title="Daily P&L" points={points} metric="dailyPnL" format={(value) => formatPnL(value, null)} tone="pnl" zeroLine />
        </div>
      )}
    </section>
  );
}

/** A series' points today: those stored before the live ones, then the live ones after them. */
function useTodaysSeries(series: string): readonly ChartPoint[] {
  const live = useHistory(series);
  const { data: stored } = useStoredHistory(seriesScope(series), "today");
  return useMemo(() => (stored ? joinStoredAndLive(series, stored.points, live) : live), [series, stored, live]);
}

/** The chart's currency, in leaves of their own so figure updates do not redraw the chart. */
function SeriesCurrency({ series }: { series: string }) {
  if (series === FIRM_SERIES) return <FirmCurrency />;
  const parsed = parseScope(series);
  return parsed.kind === "group" ? <GroupCurrency name={parsed.name} /> : <AccountCurrency accountId={series} />;
}

function FirmCurrency() {
  return <Currency code={useFirm()?.currency ?? null} />;
}

function GroupCurrency({ name }: { name: string }) {
  return <Currency code={useGroup(name)?.currency ?? null} />;
}

function AccountCurrency({ accountId }: { accountId: string }) {
  return <Currency code={useAccount(accountId)?.currency ?? null} />;
}

function Currency({ code }: { code: string | null }) {
  return code ? <span className={headings.note}>{code}</span> : null;
}
