-- AlterTable
ALTER TABLE "ScormLaunch" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'normal';
