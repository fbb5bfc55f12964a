-- AlterTable
ALTER TABLE "ScormAttachment" ADD COLUMN "title" TEXT;

