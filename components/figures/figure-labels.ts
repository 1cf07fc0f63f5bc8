import type { FigureKey } from "@/lib/figures";

export const FIGURE_LABELS: Record<FigureKey, string> = {
  netLiquidation: "Net liquidation",
  totalCash: "Total cash",
  equityWithLoan: "Equity with loan",
  grossPositionValue: "Gross position value",
  initMargin: "Initial margin",
  maintMargin: "Maintenance margin",
  availableFunds: "Available funds",
  excessLiquidity: "Excess liquidity",
  buyingPower: "Buying power",
  dailyPnL: "Daily P&L",
  unrealizedPnL: "Unrealized P&L",
  realizedPnL: "Realized P&L",
  cushion: "Cushion",
  leverage: "Leverage",
  marginUtilisation: "Margin utilisation",
};
