import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { FaGroup } from "@/lib/fa";

/**
 * IB's FA configuration XML. Groups come as
 * `<ListOfGroups><Group><name/><defaultMethod/><ListOfAccts varName="list">…` with members
 * either as `<Account><acct/>…</Account>` (TWS 983 and later) or `<String>U1</String>`.
 * Aliases as `<ListOfAccountAliases><AccountAlias><account/><alias/></AccountAlias>…`.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ["Group", "Account", "String", "AccountAlias"].includes(name),
});

export class FaXmlError extends Error {
  override name = "FaXmlError";
}

function parse(xml: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FaXmlError(`malformed FA XML: ${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(xml) as Record<string, unknown>;
}

const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const records = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null) : [];

export function parseFaGroups(xml: string): FaGroup[] {
  const list = parse(xml).ListOfGroups;
  if (list === undefined || list === "") return [];
  if (typeof list !== "object" || list === null) throw new FaXmlError("FA groups XML has no ListOfGroups");
  return records((list as Record<string, unknown>).Group).flatMap((group) => {
    const name = text(group.name);
    if (!name) return [];
    const members = (group.ListOfAccts ?? {}) as Record<string, unknown>;
    const accounts = [
      ...records(members.Account).map((account) => text(account.acct)),
      ...(Array.isArray(members.String) ? members.String.map(text) : []),
    ].filter(Boolean);
    return [{ name, method: text(group.defaultMethod), accounts }];
  });
}

export function parseFaAliases(xml: string): Record<string, string> {
  const list = parse(xml).ListOfAccountAliases;
  if (list === undefined || list === "") return {};
  if (typeof list !== "object" || list === null) throw new FaXmlError("FA aliases XML has no ListOfAccountAliases");
  const aliases: Record<string, string> = {};
  for (const entry of records((list as Record<string, unknown>).AccountAlias)) {
    const account = text(entry.account);
    const alias = text(entry.alias);
    if (account && alias && alias !== account) aliases[account] = alias;
  }
  return aliases;
}
