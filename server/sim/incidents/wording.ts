/**
 * IB's codes and wording for the notices the incidents send (reqId -1). Farm messages as
 * captured from IB Gateway (reference transcripts: "...connection is broken:<farm>",
 * "...connection is OK:<farm>").
 */
export const FARM_KINDS = {
  marketData: { label: "Market data farm", broken: 2103, ok: 2104 },
  hmds: { label: "HMDS data farm", broken: 2105, ok: 2106 },
  secDef: { label: "Sec-def data farm", broken: 2157, ok: 2158 },
} as const;

export type FarmKind = keyof typeof FARM_KINDS;

/** The farms this simulated gateway reports OK at every connect (see session.ts). */
export const DEFAULT_FARMS = ["usfarm", "ushmds", "secdefnj"] as const;

/** IB names its farms by what they serve: ushmds/euhmds are HMDS, secdefnj/secdefil sec-def, the rest market data. */
export function farmKindOf(farm: string): FarmKind {
  if (farm.startsWith("secdef")) return "secDef";
  if (farm.includes("hmds")) return "hmds";
  return "marketData";
}

export function farmNotice(farm: string, ok: boolean): { code: number; message: string } {
  const kind = FARM_KINDS[farmKindOf(farm)];
  return { code: ok ? kind.ok : kind.broken, message: `${kind.label} connection is ${ok ? "OK" : "broken"}:${farm}` };
}

export const MARGIN_WARNING_CODE = 2148;

/**
 * 2148, IB's warning that an account's equity with loan value nears its maintenance margin
 * (TWS-NOTES). No capture of it is in the reference transcripts: the wording is IB's table
 * entry as far as we know it, with the account it concerns at the end. Fix it here once a
 * real one is captured.
 */
export function marginWarningMessage(account: string): string {
  return `Warning: Approaching margin call. Please check your account: ${account}`;
}
