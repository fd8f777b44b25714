-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "moves" INTEGER NOT NULL DEFAULT 0;

