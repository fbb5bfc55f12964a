-- AlterTable
ALTER TABLE "ActivityProgress" ADD COLUMN "openedAt" DATETIME;

