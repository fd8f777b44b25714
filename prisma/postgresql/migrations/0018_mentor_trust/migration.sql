-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "paceNudges" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "MentorPair" ADD COLUMN     "nameRemovedAt" TIMESTAMP(3);

