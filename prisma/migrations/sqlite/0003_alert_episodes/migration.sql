-- An alert row is one episode as lib/alerts.ts defines it. Nothing wrote to the table before
-- this migration, so it is created afresh rather than altered column by column.
DROP TABLE "Alert";

CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alertId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "subject" TEXT,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "value" REAL,
    "threshold" REAL,
    "raisedAt" DATETIME NOT NULL,
    "levelSince" DATETIME NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "note" TEXT,
    "clearedAt" DATETIME
);

CREATE UNIQUE INDEX "Alert_alertId_key" ON "Alert"("alertId");

CREATE INDEX "Alert_raisedAt_idx" ON "Alert"("raisedAt");

CREATE INDEX "Alert_scope_raisedAt_idx" ON "Alert"("scope", "raisedAt");
