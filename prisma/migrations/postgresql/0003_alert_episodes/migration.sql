-- An alert row is one episode as lib/alerts.ts defines it. Nothing wrote to the table before
-- this migration, so it is created afresh rather than altered column by column.
DROP TABLE "Alert";

CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "alertId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "subject" TEXT,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "threshold" DOUBLE PRECISION,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "levelSince" TIMESTAMP(3) NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "note" TEXT,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Alert_alertId_key" ON "Alert"("alertId");

CREATE INDEX "Alert_raisedAt_idx" ON "Alert"("raisedAt");

CREATE INDEX "Alert_scope_raisedAt_idx" ON "Alert"("scope", "raisedAt");
