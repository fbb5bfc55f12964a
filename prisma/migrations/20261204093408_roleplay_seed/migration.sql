-- AlterTable
ALTER TABLE "RoleplayAttempt" ADD COLUMN "seed" TEXT NOT NULL DEFAULT '';
