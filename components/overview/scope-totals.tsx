"use client";

import type { ReactNode } from "react";
import { accountLabel, accountScope, groupLabel, groupScope, parseScope } from "@/lib/scope";
import type { FigureKey, FigureSet } from "@/lib/figures";
import type { GroupRisk } from "@/lib/stream";
import { FIGURE_LABELS } from "@/components/figures/figure-labels";
import { FigureValue } from "@/components/figures/figure-value";
import { ScopedCancel } from "@/components/orders/scoped-cancel";
import { useScope } from "@/components/scope/use-scope";
import { useAccount, useFaConfig, useFirm, useGroup } from "@/components/stream/hooks";
import cards from "@/components/figures/figure-cards.module.css";
import headings from "@/components/layout/headings.module.css";

const TOTAL_FIGURES: readonly FigureKey[] = [
  "netLiquidation",
  "maintMargin",
  "excessLiquidity",
  "cushion",
  "marginUtilisation",
  "dailyPnL",
  "unrealizedPnL",
  "realizedPnL",
];

/** The selected scope's totals: the firm's, an FA group's, or one account's own figures; an account's or a group's with its scoped cancel. */
export function ScopeTotals() {
  const scope = parseScope(useScope());
  if (scope.kind === "group") return <GroupTotals name={scope.name} />;
  if (scope.kind === "account") return <AccountTotals accountId={scope.id} />;
  return <FirmTotals />;
}

function FirmTotals() {
  const firm = useFirm();
  return <TotalsStrip title="Firm totals" detail={firm && describeCoverage(firm)} figures={firm?.figures} currency={firm?.currency ?? null} />;
}

function GroupTotals({ name }: { name: string }) {
  const group = useGroup(name);
  return (
    <TotalsStrip
      title={`${groupLabel(name)} totals`}
      detail={group ? describeCoverage(group) : "not reported by the server yet"}
      figures={group?.figures}
      currency={group?.currency ?? null}
      action={<ScopedCancel scope={groupScope(name)} testId="scope-cancel" />}
    />
  );
}

function AccountTotals({ accountId }: { accountId: string }) {
  const account = useAccount(accountId);
  const { aliases } = useFaConfig();
  return (
    <TotalsStrip
      title={`Account ${accountLabel(accountId, aliases)}`}
      detail={account ? account.currency : "not followed"}
      figures={account?.figures}
      currency={account?.currency ?? null}
      action={<ScopedCancel scope={accountScope(accountId)} testId="scope-cancel" />}
    />
  );
}

interface TotalsStripProps {
  title: string;
  detail: string | null;
  figures: FigureSet | undefined;
  currency: string | null;
  action?: ReactNode;
}

/** A placeholder stands in for any total not complete yet. */
function TotalsStrip({ title, detail, figures, currency, action }: TotalsStripProps) {
  return (
    <section className={headings.section} data-testid="firm-totals" aria-labelledby="totals-heading">
      <div className={headings.headingRow}>
        <h2 id="totals-heading" className={headings.sectionHeading}>
          {title}
          <span className={headings.note}>{detail}</span>
        </h2>
        {action}
      </div>
      <dl className={cards.cards}>
        {TOTAL_FIGURES.map((key) => (
          <div key={key} className={cards.card}>
            <dt className={cards.label}>{FIGURE_LABELS[key]}</dt>
            <FigureValue as="dd" figureKey={key} figure={figures?.[key]} currency={currency} />
          </div>
        ))}
      </dl>
    </section>
  );
}

function describeCoverage({ accountCount, currency, excludedAccounts }: Pick<GroupRisk, "accountCount" | "currency" | "excludedAccounts">): string {
  const accounts = `${accountCount} account${accountCount === 1 ? "" : "s"}${currency ? ` in ${currency}` : ""}`;
  return excludedAccounts.length ? `${accounts}; not included (other currency): ${excludedAccounts.join(", ")}` : accounts;
}
