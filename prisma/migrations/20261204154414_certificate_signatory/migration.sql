-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN "issuerSignatory" TEXT;

