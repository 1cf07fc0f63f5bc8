import { z } from "zod";

/** The FA configuration as RiskDesk uses it: groups with their members, and account aliases. */
export const faGroupSchema = z.object({
  name: z.string(),
  /** IB's default allocation method: Equal, NetLiq, AvailableEquity, ContractsOrShares, Ratio, Percent, MonetaryAmount. */
  method: z.string(),
  accounts: z.array(z.string()),
});
export type FaGroup = z.infer<typeof faGroupSchema>;

export const faConfigSchema = z.object({
  groups: z.array(faGroupSchema),
  /** account id → alias, for accounts that have one. */
  aliases: z.record(z.string(), z.string()),
});
export type FaConfig = z.infer<typeof faConfigSchema>;

export const EMPTY_FA_CONFIG: FaConfig = { groups: [], aliases: {} };
