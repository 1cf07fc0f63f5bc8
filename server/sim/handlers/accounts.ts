/** Which accounts a request's account or group field stands for, with IB's limits. */
import type { Simulation } from "../model/simulation";

/**
 * IB refuses account summary group "All" and reqPositions for FA structures with more than
 * 50 sub-accounts (TWS 973+; IB's docs: "use reqPositionsMulti" / an FA group instead).
 */
export const MAX_ACCOUNTS_FOR_ALL = 50;

export function tooManyAccounts(simulation: Simulation): boolean {
  return simulation.accountIds.length > MAX_ACCOUNTS_FOR_ALL;
}

/** Account summary's group field: "All" (up to 50 accounts) or an FA group; else an error text. */
export function resolveGroup(simulation: Simulation, group: string): readonly string[] | string {
  if (group === "All") {
    return tooManyAccounts(simulation)
      ? `Group 'All' is not available for more than ${MAX_ACCOUNTS_FOR_ALL} accounts; use an FA group`
      : simulation.accountIds;
  }
  return simulation.group(group)?.accounts ?? `Unknown account group name '${group}'`;
}

/**
 * The account field of the *Multi requests: one account, "" or "All" for every account, or
 * an FA group's members; else an error text.
 */
export function resolveAccountOrGroup(simulation: Simulation, account: string): readonly string[] | string {
  if (simulation.hasAccount(account)) return [account];
  if (account === "" || account === "All") return simulation.accountIds;
  return simulation.group(account)?.accounts ?? `Invalid account code '${account}'`;
}
