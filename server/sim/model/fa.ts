/**
 * The advisor (FA) configuration a gateway hands out with reqFA: groups (faDataType 1) and
 * account aliases (faDataType 3), in TWS's XML formats. Profiles (2) were merged into groups
 * in TWS 983 and are refused.
 *
 * Aliases are what the advisor named each client account in TWS ("Smith Family Trust"); most
 * accounts have one, chosen deterministically from the seed. An account without one is
 * listed with its own id as alias, as TWS does; `FaConfig.aliases` holds only the real ones.
 */
import type { FaGroup, SubAccount } from "./portfolio";
import { Rng } from "./rng";

export const FA_DATA_TYPE = { GROUPS: 1, PROFILES: 2, ALIASES: 3 } as const;

export interface FaConfig {
  groups: Array<{ name: string; defaultMethod: string; accounts: string[] }>;
  /** Account id → alias, for the accounts that have a human alias. */
  aliases: Record<string, string>;
}

const SURNAMES = [
  "Smith", "Johnson", "Chen", "Garcia", "Patel", "Müller", "Rossi", "Nakamura", "O'Brien", "Williams",
  "Brown", "Kowalski", "Dubois", "Jensen", "Silva", "Kim", "Novak", "Andersen", "Schmidt", "Taylor",
  "Lee", "Martin", "Okafor", "Haddad", "Fischer", "Moreau", "Larsen", "Cohen", "Singh", "Walker",
];
const KINDS = [
  "Family Trust", "IRA", "Holdings LLC", "Revocable Trust", "Retirement", "Foundation",
  "Joint Account", "Education Fund", "Capital Partners", "& Sons Pension",
];
/** Share of accounts that have a human alias. */
const ALIAS_SHARE = 0.85;

/** Gives most accounts a distinct human alias; the others keep their id. */
export function assignAliases(accounts: SubAccount[], seed: number): void {
  const rng = new Rng(Math.floor(seed * 0x100000000));
  const used = new Set<string>();
  for (const account of accounts) {
    if (rng.next() >= ALIAS_SHARE) continue;
    const base = `${SURNAMES[rng.int(0, SURNAMES.length - 1)]} ${KINDS[rng.int(0, KINDS.length - 1)]}`;
    let alias = base;
    for (let n = 2; used.has(alias); n++) alias = `${base} ${n}`;
    used.add(alias);
    account.alias = alias;
  }
}

export function faConfigOf(accounts: readonly SubAccount[], groups: readonly FaGroup[]): FaConfig {
  const aliases: Record<string, string> = {};
  for (const account of accounts) if (account.alias !== account.id) aliases[account.id] = account.alias;
  return {
    groups: groups.map((group) => ({ name: group.name, defaultMethod: group.defaultMethod, accounts: [...group.accounts] })),
    aliases,
  };
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Groups as TWS 983+ sends them: members as `<Account><acct/><amount/></Account>`. */
export function groupsXml(groups: readonly FaGroup[]): string {
  const body = groups
    .map((group) => {
      const members = group.accounts
        .map((account) => `<Account><acct>${escapeXml(account)}</acct><amount>0.0</amount></Account>`)
        .join("");
      return (
        `<Group><name>${escapeXml(group.name)}</name><defaultMethod>${escapeXml(group.defaultMethod)}</defaultMethod>` +
        `<ListOfAccts varName="list">${members}</ListOfAccts></Group>`
      );
    })
    .join("");
  return `${XML_DECLARATION}<ListOfGroups>${body}</ListOfGroups>`;
}

/** Every account with its alias (its own id when it has none). */
export function aliasesXml(accounts: readonly SubAccount[]): string {
  const body = accounts
    .map((account) => `<AccountAlias><account>${escapeXml(account.id)}</account><alias>${escapeXml(account.alias)}</alias></AccountAlias>`)
    .join("");
  return `${XML_DECLARATION}<ListOfAccountAliases>${body}</ListOfAccountAliases>`;
}
