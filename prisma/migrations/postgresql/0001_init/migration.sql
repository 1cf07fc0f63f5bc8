-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'riskManager', 'admin');

-- CreateEnum
CREATE TYPE "GrantKind" AS ENUM ('account', 'group');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLoginAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountGrant" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" "GrantKind" NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "AccountGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FigureSample" (
    "id" BIGSERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "resolutionSeconds" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "netLiquidation" DOUBLE PRECISION,
    "maintMargin" DOUBLE PRECISION,
    "initMargin" DOUBLE PRECISION,
    "excessLiquidity" DOUBLE PRECISION,
    "marginUtilisation" DOUBLE PRECISION,
    "dailyPnL" DOUBLE PRECISION,

    CONSTRAINT "FigureSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "rule" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "note" TEXT,
    "clearedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditRecord" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "AuditRecord_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "AccountGrant" ADD CONSTRAINT "AccountGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log is append-only: nothing updates, deletes or truncates a record.
CREATE FUNCTION "AuditRecord_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'AuditRecord is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER "AuditRecord_no_update_or_delete" BEFORE UPDATE OR DELETE ON "AuditRecord"
    FOR EACH ROW EXECUTE FUNCTION "AuditRecord_refuse_change"();

CREATE TRIGGER "AuditRecord_no_truncate" BEFORE TRUNCATE ON "AuditRecord"
    FOR EACH STATEMENT EXECUTE FUNCTION "AuditRecord_refuse_change"();
