/**
 * Account summary tags and how each value is written on the wire (formats as a real gateway
 * sends them: money with two decimals, "Cushion" a ratio, currency "" for ratios and counts).
 */
import { BASE_LEDGER, type AccountFigures, type LedgerRow } from "../model/account-figures";

export interface SummaryLine {
  tag: string;
  value: string;
  currency: string;
}

const money = (value: number) => value.toFixed(2);

type TagValue = (figures: AccountFigures) => { value: string; currency: string };

const inBase = (pick: (f: AccountFigures) => number): TagValue => (f) => ({ value: money(pick(f)), currency: f.currency });
const plain = (format: (f: AccountFigures) => string): TagValue => (f) => ({ value: format(f), currency: "" });

export const STANDARD_TAGS: ReadonlyMap<string, TagValue> = new Map([
  ["NetLiquidation", inBase((f) => f.netLiquidation)],
  ["TotalCashValue", inBase((f) => f.totalCash)],
  ["SettledCash", inBase((f) => f.totalCash)],
  ["AccruedCash", inBase(() => 0)],
  ["BuyingPower", inBase((f) => f.buyingPower)],
  ["EquityWithLoanValue", inBase((f) => f.equityWithLoan)],
  ["GrossPositionValue", inBase((f) => f.grossPositionValue)],
  ["RegTEquity", inBase((f) => f.regTEquity)],
  ["RegTMargin", inBase((f) => f.regTMargin)],
  ["SMA", inBase((f) => f.sma)],
  ["InitMarginReq", inBase((f) => f.initMargin)],
  ["MaintMarginReq", inBase((f) => f.maintMargin)],
  ["AvailableFunds", inBase((f) => f.availableFunds)],
  ["ExcessLiquidity", inBase((f) => f.excessLiquidity)],
  ["Cushion", plain((f) => f.cushion.toFixed(3))],
  ["FullInitMarginReq", inBase((f) => f.initMargin)],
  ["FullMaintMarginReq", inBase((f) => f.maintMargin)],
  ["FullAvailableFunds", inBase((f) => f.availableFunds)],
  ["FullExcessLiquidity", inBase((f) => f.excessLiquidity)],
  ["LookAheadInitMarginReq", inBase((f) => f.initMargin)],
  ["LookAheadMaintMarginReq", inBase((f) => f.maintMargin)],
  ["LookAheadAvailableFunds", inBase((f) => f.availableFunds)],
  ["LookAheadExcessLiquidity", inBase((f) => f.excessLiquidity)],
  ["HighestSeverity", plain((f) => String(f.highestSeverity))],
  ["DayTradesRemaining", plain((f) => String(f.dayTradesRemaining))],
  ["Leverage", plain((f) => f.leverage.toFixed(2))],
  ["Currency", (f) => ({ value: f.currency, currency: f.currency })],
]);

const LEDGER_TAGS: ReadonlyArray<[string, (row: LedgerRow) => string]> = [
  ["CashBalance", (row) => money(row.cashBalance)],
  ["TotalCashBalance", (row) => money(row.cashBalance)],
  ["AccruedCash", () => money(0)],
  ["StockMarketValue", (row) => money(row.stockMarketValue)],
  ["OptionMarketValue", (row) => money(row.optionMarketValue)],
  ["FutureOptionValue", () => money(0)],
  ["FuturesPNL", (row) => money(row.futuresPnL)],
  ["NetLiquidationByCurrency", (row) => money(row.netLiquidationByCurrency)],
  ["UnrealizedPnL", (row) => money(row.unrealizedPnL)],
  ["RealizedPnL", (row) => money(row.realizedPnL)],
  ["ExchangeRate", (row) => row.exchangeRate.toFixed(5)],
];

/**
 * Which ledger a request asks for: `$LEDGER` the base-currency totals (sent with the base
 * currency's code), `$LEDGER:ALL` every currency plus BASE, `$LEDGER:EUR` one currency.
 */
export type LedgerSelection = { kind: "base" } | { kind: "all" } | { kind: "currency"; currency: string };

export interface TagSelection {
  standard: string[];
  ledgers: LedgerSelection[];
}

/** Parses the comma-separated tag list; tags the simulator does not know are ignored, as by IB. */
export function selectTags(tagList: string): TagSelection {
  const standard = new Set<string>();
  const ledgers: LedgerSelection[] = [];
  for (const tag of tagList.split(",").map((t) => t.trim())) {
    if (STANDARD_TAGS.has(tag)) standard.add(tag);
    else if (tag === "$LEDGER") ledgers.push({ kind: "base" });
    else if (tag === "$LEDGER:ALL") ledgers.push({ kind: "all" });
    else if (tag.startsWith("$LEDGER:")) ledgers.push({ kind: "currency", currency: tag.slice("$LEDGER:".length) });
  }
  return { standard: [...standard].sort(), ledgers };
}

/** The lines one account contributes: standard tags in alphabetical order (as IB sends them), then ledgers. */
export function summaryLines(figures: AccountFigures, selection: TagSelection): SummaryLine[] {
  const lines = selection.standard.map((tag) => ({ tag, ...STANDARD_TAGS.get(tag)!(figures) }));
  for (const ledger of selection.ledgers) {
    for (const row of ledgerRowsFor(figures, ledger)) {
      const currency = ledger.kind === "base" ? figures.currency : row.currency;
      for (const [tag, format] of LEDGER_TAGS) lines.push({ tag, value: format(row), currency });
    }
  }
  return lines;
}

function ledgerRowsFor(figures: AccountFigures, ledger: LedgerSelection): LedgerRow[] {
  switch (ledger.kind) {
    case "base":
      return figures.ledger.filter((row) => row.currency === BASE_LEDGER);
    case "all":
      return figures.ledger;
    case "currency":
      return figures.ledger.filter((row) => row.currency === ledger.currency);
  }
}
