-- AlterTable
ALTER TABLE "ActivityProgress" ADD COLUMN "lastReadAt" DATETIME;

