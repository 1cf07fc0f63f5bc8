import type { FigureKey } from "@/lib/figures";
import type { LinkStatus } from "@/lib/stream";

/**
 * What the collector tells the rest of the backend, in RiskDesk's terms rather than TWS's.
 * The collector produces these; the risk engine and the hub consume them.
 */

/** Severity classes for every message code IB (or the client library) raises. */
export type IbMessageClass = "info" | "warning" | "connectivity" | "request";

export type DomainEvent =
  | { type: "link"; status: LinkStatus }
  | { type: "accountsListed"; accounts: readonly string[]; at: number }
  | {
      type: "accountValues";
      account: string;
      /** The account's base currency when the message said it. */
      currency: string | null;
      values: Partial<Record<FigureKey, number>>;
      at: number;
    }
  | {
      type: "ibMessage";
      code: number;
      message: string;
      reqId: number | null;
      severity: IbMessageClass;
      at: number;
    };

export type DomainEventListener = (event: DomainEvent) => void;
