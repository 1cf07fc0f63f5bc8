import { MAX_DATA_FARMS, type DataFarm, type FarmKind, type FarmState } from "@/lib/stream";
import { IB_CODES } from "./errors";

/** What one data-farm notice says. */
export interface FarmNotice {
  name: string;
  kind: FarmKind;
  state: FarmState;
}

/** Each farm code's state, and the kind of farm it implies when the text does not say (IB has sent 2108 about an HMDS farm). */
const NOTICE_BY_CODE: Readonly<Record<number, { state: FarmState; kind: FarmKind }>> = {
  [IB_CODES.marketFarmBroken]: { state: "broken", kind: "market" },
  [IB_CODES.marketFarmOk]: { state: "ok", kind: "market" },
  [IB_CODES.marketFarmInactive]: { state: "inactive", kind: "market" },
  [IB_CODES.marketFarmConnecting]: { state: "connecting", kind: "market" },
  [IB_CODES.hmdsFarmBroken]: { state: "broken", kind: "hmds" },
  [IB_CODES.hmdsFarmOk]: { state: "ok", kind: "hmds" },
  [IB_CODES.hmdsFarmInactive]: { state: "inactive", kind: "hmds" },
  [IB_CODES.secDefFarmBroken]: { state: "broken", kind: "secdef" },
  [IB_CODES.secDefFarmOk]: { state: "ok", kind: "secdef" },
};

/**
 * IB's wording, e.g. "Market data farm connection is OK:usfarm.nj", "HMDS data farm
 * connection is inactive but should be available upon demand.ushmds", "Market data farm is
 * connecting:usfarm", "Sec-def data farm connection is broken:secdefil". The farm's name
 * follows the last ':' or, for "inactive", the "upon demand." (farm names contain dots).
 */
const WORDING = /^\s*(market data|hmds data|historical data|sec-def data)\s+farm\b.*?(?:upon demand\.|:)\s*([A-Za-z0-9._-]+)\s*$/i;

function kindFromText(text: string): FarmKind {
  const lower = text.toLowerCase();
  if (lower.startsWith("sec-def")) return "secdef";
  if (lower.startsWith("hmds") || lower.startsWith("historical")) return "hmds";
  return "market";
}

/** The farm, kind and state a farm notice reports; null for any other code or wording. */
export function parseFarmNotice(code: number, text: string): FarmNotice | null {
  const byCode = NOTICE_BY_CODE[code];
  if (!byCode) return null;
  const { state, kind } = byCode;
  const match = WORDING.exec(text);
  if (match) return { name: match[2]!, kind: kindFromText(match[1]!), state };
  // An unknown wording still tells the state; the farm is then named by its kind.
  return { name: `(${kind})`, kind, state };
}

/**
 * The data farms of the current gateway session, each with its state and since when. A
 * farm flap is a warning on the link status, never a disconnect. A new socket starts an
 * empty board: the gateway reports every farm afresh after the handshake.
 */
export class FarmBoard {
  private readonly farms = new Map<string, DataFarm>();

  /** Applies a notice; true when a farm's state (or the set of farms) changed. */
  apply(notice: FarmNotice, at: number): boolean {
    const current = this.farms.get(notice.name);
    if (current && current.state === notice.state && current.kind === notice.kind) return false;
    if (!current && this.farms.size >= MAX_DATA_FARMS) return false;
    this.farms.set(notice.name, { ...notice, since: at });
    return true;
  }

  clear(): boolean {
    const had = this.farms.size > 0;
    this.farms.clear();
    return had;
  }

  /** Sorted by kind, then name, so the panel's order does not move. */
  list(): DataFarm[] {
    return [...this.farms.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }
}
