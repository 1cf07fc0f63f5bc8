import type { FaGroup } from "@/lib/fa";
import type { FigureKey } from "@/lib/figures";
import type { OrdersReconciliation, WorkingOrder } from "@/lib/orders";
import type { LinkStatus } from "@/lib/stream";

/**
 * What the collector tells the rest of the backend, in RiskDesk's terms rather than TWS's.
 * The collector produces these; the risk engine and the hub consume them.
 */

/** Severity classes for every message code IB (or the client library) raises. */
export type IbMessageClass = "info" | "warning" | "connectivity" | "request" | "order";

/**
 * One number as read from IB at the numeric boundary (server/ib/ib-numbers.ts): the value;
 * null where IB sent its "unset", meaning it has no value; or "refused" where IB sent
 * something that is not a plausible number (logged there; the last good value stays, stale).
 */
export type IbReading = number | null | "refused";

/** A contract as RiskDesk needs it from IB's position messages. */
export interface PositionContract {
  conId: number;
  symbol: string;
  secType: string;
  /** YYYYMMDD (or YYYYMM) for derivatives. */
  expiry: string | null;
  strike: number | null;
  right: "C" | "P" | null;
  multiplier: number;
  currency: string;
  localSymbol: string;
}

export type DomainEvent =
  | { type: "link"; status: LinkStatus }
  | { type: "accountsListed"; accounts: readonly string[]; at: number }
  | {
      type: "accountValues";
      account: string;
      /** The account's base currency when the message said it. */
      currency: string | null;
      values: Partial<Record<FigureKey, IbReading>>;
      at: number;
    }
  | {
      type: "exchangeRates";
      account: string;
      /**
       * Units of the account's base currency per unit of each currency, from IB's ledger;
       * null where IB has no rate (positions in that currency then have no base value).
       */
      rates: Record<string, number | null>;
      at: number;
    }
  /** A position's size; 0 means it closed. Its average cost is null where IB sent "unset". */
  | { type: "position"; account: string; contract: PositionContract; position: number; avgCost: number | null; at: number }
  /** Live P&L of one position, in the position's currency; null where IB sent "unset". */
  | {
      type: "positionPnl";
      account: string;
      conId: number;
      position: number | null;
      dailyPnL: number | null;
      unrealizedPnL: number | null;
      realizedPnL: number | null;
      /** position × price × multiplier. */
      value: number | null;
      at: number;
    }
  | { type: "faConfig"; groups: FaGroup[]; aliases: Record<string, string>; at: number }
  /** IB's margin warning (2148): equity with loan value nears maintenance margin. Null account: IB did not say whose. */
  | { type: "marginWarning"; account: string | null; message: string; at: number }
  /** An order as IB's openOrder describes it, with its status then; changedAt is `at`. */
  | { type: "order"; order: WorkingOrder; at: number }
  /** IB's orderStatus for an order already described; a done status ends it. */
  | { type: "orderStatus"; key: string; status: string; filled: number; remaining: number; at: number }
  /**
   * IB finished listing every open order of the login (reqAllOpenOrders): an order not among
   * `keys` is no longer working. After a reconnect, what changed while away.
   */
  | { type: "ordersListed"; keys: readonly string[]; reconciliation: OrdersReconciliation | null; at: number }
  | {
      type: "ibMessage";
      code: number;
      message: string;
      reqId: number | null;
      severity: IbMessageClass;
      at: number;
    };

export type DomainEventListener = (event: DomainEvent) => void;
