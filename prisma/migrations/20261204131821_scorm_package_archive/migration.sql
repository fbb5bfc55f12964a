-- AlterTable
ALTER TABLE "ScormPackage" ADD COLUMN "archivedAt" DATETIME;

