import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig, publicOrigins, riskThresholds } from "./config";

test("defaults describe a local IB Gateway (paper) and a loopback web server", () => {
  const config = loadConfig({});
  assert.equal(config.HOST, "127.0.0.1");
  assert.equal(config.PORT, 3000);
  assert.equal(config.IB_PORT, 4002);
  assert.equal(config.IB_CLIENT_ID, 77);
  assert.deepEqual(config.IB_ACCOUNTS, []);
});

test("reads and normalises values", () => {
  const config = loadConfig({ IB_PORT: "7497", IB_CLIENT_ID: "0", IB_ACCOUNTS: " DU1 ,DU2,," });
  assert.equal(config.IB_PORT, 7497);
  assert.equal(config.IB_CLIENT_ID, 0);
  assert.deepEqual(config.IB_ACCOUNTS, ["DU1", "DU2"]);
});

test("a bad value is refused with the variable's name and value", () => {
  assert.throws(() => loadConfig({ IB_PORT: "70000" }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /IB_PORT="70000"/);
    return true;
  });
  assert.throws(() => loadConfig({ IB_CLIENT_ID: "seven" }), /IB_CLIENT_ID="seven"/);
  assert.throws(() => loadConfig({ IB_ACCOUNTS: "du1;x" }), /IB_ACCOUNTS/);
  assert.throws(() => loadConfig({ LOG_LEVEL: "loud" }), /LOG_LEVEL/);
});

test("inconsistent reconnect bounds are refused", () => {
  assert.throws(() => loadConfig({ IB_RECONNECT_MIN_MS: "5000", IB_RECONNECT_MAX_MS: "1000" }), ConfigError);
});

test("risk thresholds are read in their units and must be consistent", () => {
  const config = loadConfig({ RISK_UTILISATION_WARN: "0.6", RISK_UTILISATION_CRITICAL: "0.9", RISK_STALE_PNL_S: "5" });
  const thresholds = riskThresholds(config);
  assert.equal(thresholds.utilisationWarn, 0.6);
  assert.equal(thresholds.utilisationCritical, 0.9);
  assert.equal(thresholds.pnlStaleMs, 5000);
  assert.equal(riskThresholds(loadConfig({})).concentrationUnderlying, 0.25);
  assert.throws(() => loadConfig({ RISK_UTILISATION_WARN: "0.9", RISK_UTILISATION_CRITICAL: "0.8" }), /RISK_UTILISATION_CRITICAL/);
  assert.throws(() => loadConfig({ RISK_CONCENTRATION_CURRENCY: "-1" }), /RISK_CONCENTRATION_CURRENCY/);
});

test("the store is a SQLite file unless DATABASE_URL names a PostgreSQL database", () => {
  assert.equal(loadConfig({}).SQLITE_PATH, "data/riskdesk.db");
  assert.equal(loadConfig({}).DATABASE_URL, undefined);
  assert.equal(loadConfig({ DATABASE_URL: "postgresql://risk@db:5432/riskdesk" }).DATABASE_URL, "postgresql://risk@db:5432/riskdesk");
  assert.equal(loadConfig({ DATABASE_URL: "postgres://risk@db/riskdesk" }).DATABASE_URL, "postgres://risk@db/riskdesk");
});

test("a DATABASE_URL that is not PostgreSQL's is refused without repeating its password", () => {
  for (const url of ["mysql://risk:hunter2@db/riskdesk", "risk:hunter2@db", ""]) {
    assert.throws(() => loadConfig({ DATABASE_URL: url }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /DATABASE_URL=\(value not shown\): must be a postgres:\/\/ or postgresql:\/\/ URL/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  }
});

test("production refuses to start without a SESSION_SECRET, and never repeats one", () => {
  assert.throws(() => loadConfig({ NODE_ENV: "production" }), /SESSION_SECRET is required in production/);
  assert.throws(() => loadConfig({ SESSION_SECRET: "short secret" }), (error: Error) => /SESSION_SECRET/.test(error.message) && !error.message.includes("short secret"));
  assert.equal(loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).SESSION_SECRET, "x".repeat(32));
});

test("state may change only from PUBLIC_URL's origin, or without one from the local addresses of PORT", () => {
  assert.deepEqual(publicOrigins(loadConfig({ PUBLIC_URL: "https://risk.example.com/desk/" })), ["https://risk.example.com"]);
  assert.deepEqual(publicOrigins(loadConfig({ PORT: "3100" })), ["http://localhost:3100", "http://127.0.0.1:3100"]);
  assert.throws(() => loadConfig({ PUBLIC_URL: "ftp://risk.example.com" }), /PUBLIC_URL/);
});

test("the daily restart window is read with its time zone, and a bad one is refused by name", () => {
  const { IB_DAILY_RESTART } = loadConfig({ IB_DAILY_RESTART: "23:45-00:45 America/New_York" });
  assert.deepEqual(IB_DAILY_RESTART, { startMinute: 23 * 60 + 45, endMinute: 45, timeZone: "America/New_York", text: "23:45-00:45 America/New_York" });
  assert.equal(loadConfig({}).IB_DAILY_RESTART, undefined);
  assert.equal(loadConfig({ IB_DAILY_RESTART: " " }).IB_DAILY_RESTART, undefined);
  for (const bad of ["23:45-00:45", "25:00-01:00 UTC", "23:45-00:45 Mars/Olympus", "noon UTC", "01:00-01:00 UTC"]) {
    assert.throws(() => loadConfig({ IB_DAILY_RESTART: bad }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.includes(`IB_DAILY_RESTART=${JSON.stringify(bad)}`), error.message);
      return true;
    });
  }
});

test("the alert webhook needs a URL and a secret together, and hides both in errors", () => {
  const secret = "a shared secret long enough";
  const config = loadConfig({ ALERT_WEBHOOK_URL: "https://hooks.example.com/riskdesk", ALERT_WEBHOOK_SECRET: secret });
  assert.equal(config.ALERT_WEBHOOK_URL, "https://hooks.example.com/riskdesk");
  assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: "https://hooks.example.com/riskdesk" }), /ALERT_WEBHOOK_SECRET/);
  assert.throws(() => loadConfig({ ALERT_WEBHOOK_SECRET: secret }), /ALERT_WEBHOOK_URL/);
  assert.throws(
    () => loadConfig({ ALERT_WEBHOOK_URL: "ftp://user:pw@example.com/", ALERT_WEBHOOK_SECRET: secret }),
    (error: unknown) => error instanceof ConfigError && /ALERT_WEBHOOK_URL=\(value not shown\)/.test(error.message) && !error.message.includes("pw@"),
  );
  assert.throws(() => loadConfig({ ALERT_WEBHOOK_URL: "https://hooks.example.com/", ALERT_WEBHOOK_SECRET: "short" }), /ALERT_WEBHOOK_SECRET=\(value not shown\)/);
});
