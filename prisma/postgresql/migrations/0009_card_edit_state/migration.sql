-- AlterTable
ALTER TABLE "MessageRef" ADD COLUMN     "editAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "editClaimedBy" TEXT,
ADD COLUMN     "editClaimedUntil" TIMESTAMP(3),
ADD COLUMN     "editError" TEXT,
ADD COLUMN     "editRetryAt" TIMESTAMP(3),
ADD COLUMN     "editSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "editedSeq" INTEGER NOT NULL DEFAULT 0;

