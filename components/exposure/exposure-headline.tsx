"use client";

import type { Exposure } from "@/lib/exposure";
import { formatMoney, formatPercent } from "@/lib/format";
import { LiveFigure } from "@/components/figures/live-figure";
import cards from "@/components/figures/figure-cards.module.css";

const MEASURES = [
  { key: "gross", label: "Gross exposure" },
  { key: "net", label: "Net exposure" },
  { key: "long", label: "Long" },
  { key: "short", label: "Short" },
] as const;

/** The scope's exposure in a line: gross, net, long, short, and gross as a share of net liquidation. */
export function ExposureHeadline({ exposure }: { exposure: Exposure }) {
  const { currency, at } = exposure;
  return (
    <dl className={cards.cards} data-testid="exposure-headline">
      {MEASURES.map(({ key, label }) => (
        <div key={key} className={cards.card}>
          <dt className={cards.label}>{label}</dt>
          <LiveFigure as="dd" data-measure={key} value={exposure[key]} format={(value) => formatMoney(value, currency)} changedAt={at} />
        </div>
      ))}
      <div className={cards.card}>
        <dt className={cards.label}>Gross / net liquidation</dt>
        <LiveFigure as="dd" data-measure="grossShareOfNetLiq" value={exposure.grossShareOfNetLiq} format={formatPercent} changedAt={at} />
      </div>
    </dl>
  );
}
