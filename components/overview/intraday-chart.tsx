"use client";

import { useId, useState } from "react";
import { FIRM_SERIES } from "@/lib/stream";
import { formatMoney, formatPnL } from "@/lib/format";
import { useAccount, useAccountIds, useFirm, useHistory } from "@/components/stream/hooks";
import { useLinkHealth } from "@/components/stream/link-health-context";
import { HistoryLineChart } from "./history-line-chart";
import styles from "./intraday-chart.module.css";

/** Net liquidation and daily P&L over the day, firm-wide or for one account. */
export function IntradayChart() {
  const accountIds = useAccountIds();
  const [chosen, setChosen] = useState(FIRM_SERIES);
  // An account that stops being followed falls back to the firm.
  const series = chosen !== FIRM_SERIES && !accountIds.includes(chosen) ? FIRM_SERIES : chosen;
  const points = useHistory(series);
  const { state } = useLinkHealth();
  const selectId = useId();

  return (
    <section className={styles.section} data-testid="intraday-chart" data-stale={state !== "live" || undefined} aria-labelledby="chart-heading">
      <div className={styles.bar}>
        <h2 id="chart-heading" className={styles.heading}>
          Intraday <SeriesCurrency series={series} />
        </h2>
        <label htmlFor={selectId} className={styles.selector}>
          Series
          <select id={selectId} value={series} onChange={(event) => setChosen(event.target.value)}>
            <option value={FIRM_SERIES}>Firm</option>
            {accountIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {points.length === 0 ? (
        <p className={styles.empty}>No intraday points yet.</p>
      ) : (
        <div className={styles.charts}>
          <HistoryLineChart title="Net liquidation" points={points} metric="netLiquidation" format={(value) => formatMoney(value, null)} tone="nlv" />
          <HistoryLineChart title="Daily P&L" points={points} metric="dailyPnL" format={(value) => formatPnL(value, null)} tone="pnl" zeroLine />
        </div>
      )}
    </section>
  );
}

/** The chart's currency, in leaves of their own so figure updates do not redraw the chart. */
function SeriesCurrency({ series }: { series: string }) {
  return series === FIRM_SERIES ? <FirmCurrency /> : <AccountCurrency accountId={series} />;
}

function FirmCurrency() {
  return <Currency code={useFirm()?.currency ?? null} />;
}

function AccountCurrency({ accountId }: { accountId: string }) {
  return <Currency code={useAccount(accountId)?.currency ?? null} />;
}

function Currency({ code }: { code: string | null }) {
  return code ? <span className={styles.currency}>{code}</span> : null;
}
