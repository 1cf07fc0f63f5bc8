import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultAlertRules } from "@/server/risk/alerts/rules";
import { DEFAULT_RISK_THRESHOLDS } from "@/server/risk/thresholds";
import { openStore, type Store } from "@/server/store/database";
import { capturingLogger } from "@/server/testing/capturing-logger";
import { testLogger } from "@/server/testing/silent-logger";
import { ALERT_RULES_SETTING, StoredAlertRules } from "./stored-alert-rules";

const defaults = defaultAlertRules(DEFAULT_RISK_THRESHOLDS);
const ruleOf = (rule: string) => defaults.find((settings) => settings.rule === rule)!;

describe("the alert rules an admin saved, in the store", () => {
  let dir: string;
  let store: Store;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "riskdesk-stored-rules-"));
    store = await openStore({ dialect: "sqlite", file: join(dir, "riskdesk.db") }, testLogger());
  });

  after(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test("two admins saving at once both keep their edit; a later edit of a rule replaces the earlier one", async () => {
    const stored = new StoredAlertRules(store.client, testLogger());
    assert.deepEqual(await stored.read(), []);
    const cushion = { ...ruleOf("cushion"), warning: 0.2 };
    const drawdown = { ...ruleOf("drawdownPct"), warning: 0.04 };
    await Promise.all([stored.save([cushion], "max"), stored.save([drawdown], "ada")]);
    assert.deepEqual(await stored.read(), [cushion, drawdown]);
    const stricter = { ...cushion, warning: 0.25 };
    await stored.save([stricter], "max");
    assert.deepEqual(await stored.read(), [stricter, drawdown]);
    const row = await store.client.setting.findUniqueOrThrow({ where: { key: ALERT_RULES_SETTING } });
    assert.equal(row.updatedBy, "max");
  });

  test("a stored value that is not JSON is logged and ignored, never fatal", async () => {
    await store.client.setting.update({ where: { key: ALERT_RULES_SETTING }, data: { value: "{not json" } });
    const { logger, warnings } = capturingLogger();
    assert.deepEqual(await new StoredAlertRules(store.client, logger).read(), []);
    assert.match(warnings()[0]?.msg ?? "", /not JSON/);
  });
});
