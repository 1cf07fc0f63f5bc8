-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" DATETIME
);

-- CreateTable
CREATE TABLE "AccountGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "AccountGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FigureSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "scope" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "resolutionSeconds" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "netLiquidation" REAL,
    "maintMargin" REAL,
    "initMargin" REAL,
    "excessLiquidity" REAL,
    "marginUtilisation" REAL,
    "dailyPnL" REAL
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rule" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "note" TEXT,
    "clearedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditRecord" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "outcome" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_name_key" ON "User"("name");

-- CreateIndex
CREATE UNIQUE INDEX "AccountGrant_userId_kind_value_key" ON "AccountGrant"("userId", "kind", "value");

-- CreateIndex
CREATE INDEX "FigureSample_scope_at_idx" ON "FigureSample"("scope", "at");

-- CreateIndex
CREATE INDEX "FigureSample_resolutionSeconds_at_idx" ON "FigureSample"("resolutionSeconds", "at");

-- CreateIndex
CREATE INDEX "Alert_raisedAt_idx" ON "Alert"("raisedAt");

-- CreateIndex
CREATE INDEX "Alert_scope_raisedAt_idx" ON "Alert"("scope", "raisedAt");

-- CreateIndex
CREATE INDEX "AuditRecord_at_idx" ON "AuditRecord"("at");

-- CreateIndex
CREATE INDEX "AuditRecord_actor_at_idx" ON "AuditRecord"("actor", "at");

-- CreateIndex
CREATE INDEX "AuditRecord_action_at_idx" ON "AuditRecord"("action", "at");

-- The audit log is append-only: nothing updates or deletes a record.
CREATE TRIGGER "AuditRecord_no_update" BEFORE UPDATE ON "AuditRecord"
BEGIN
    SELECT RAISE(ABORT, 'AuditRecord is append-only: UPDATE refused');
END;

CREATE TRIGGER "AuditRecord_no_delete" BEFORE DELETE ON "AuditRecord"
BEGIN
    SELECT RAISE(ABORT, 'AuditRecord is append-only: DELETE refused');
END;
