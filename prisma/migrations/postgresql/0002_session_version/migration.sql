-- A session carries the version it was issued at; raising it ends every session of the user.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
