import { alertRuleSettingsSchema, type AlertRuleSet } from "@/lib/alerts";
import type { Logger } from "@/server/logger";
import { alertRuleSetProblems, mergeAlertRules } from "@/server/risk/alerts/rules";
import type { StoreClient } from "@/server/store/database";

/** The Setting row that holds the alert rules an admin changed in the page. */
export const ALERT_RULES_SETTING = "alertRules";

/**
 * The alert rules an admin edited in the page, kept in the store. Only the rules an admin
 * changed are kept (each whole), so a rule never edited in the page still follows
 * ALERT_RULES_FILE and the defaults. At start-up they go over both (README "Alert rules").
 */
export class StoredAlertRules {
  /** Saves run one after the other: two admins saving at once must not lose one's edit. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: StoreClient,
    private readonly logger: Logger,
  ) {}

  /**
   * The stored edits that still validate. A rule that no longer does (a rule renamed or a field
   * changed by an upgrade, a row edited by hand) is logged and left out: start-up goes on with
   * the other edits.
   */
  async read(): Promise<AlertRuleSet> {
    const row = await this.client.setting.findUnique({ where: { key: ALERT_RULES_SETTING } });
    if (!row) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch (error) {
      this.logger.warn({ setting: ALERT_RULES_SETTING, error: String(error) }, "stored alert rules are not JSON: ignored, the rules from the file and the defaults apply");
      return [];
    }
    if (!Array.isArray(raw)) {
      this.logger.warn({ setting: ALERT_RULES_SETTING }, "stored alert rules are not an array: ignored, the rules from the file and the defaults apply");
      return [];
    }
    const valid: AlertRuleSet = [];
    raw.forEach((entry: unknown, index) => {
      const parsed = alertRuleSettingsSchema.safeParse(entry);
      const problems = parsed.success ? alertRuleSetProblems([...valid, parsed.data]).map(({ message }) => message) : parsed.error.issues.map(({ path, message }) => `${path.join(".")}: ${message}`);
      if (parsed.success && problems.length === 0) valid.push(parsed.data);
      else this.logger.warn({ setting: ALERT_RULES_SETTING, index, problems }, "a stored alert rule no longer validates: ignored, the rule from the file or its default applies");
    });
    return valid;
  }

  /** Adds `changes` to the stored edits (a rule sent replaces its earlier edit); resolves once written. */
  save(changes: AlertRuleSet, by: string, at = new Date()): Promise<void> {
    const saved = this.saving.catch(() => undefined).then(async () => {
      const value = JSON.stringify(mergeAlertRules(await this.read(), changes));
      await this.client.setting.upsert({
        where: { key: ALERT_RULES_SETTING },
        create: { key: ALERT_RULES_SETTING, value, updatedAt: at, updatedBy: by },
        update: { value, updatedAt: at, updatedBy: by },
      });
    });
    this.saving = saved;
    return saved;
  }
}
