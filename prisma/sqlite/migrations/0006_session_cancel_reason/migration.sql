-- AlterTable
ALTER TABLE "Session" ADD COLUMN "cancelReason" TEXT;

