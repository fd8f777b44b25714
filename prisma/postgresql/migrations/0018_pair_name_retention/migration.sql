-- AlterTable
ALTER TABLE "MentorPair" ADD COLUMN     "nameRemovedAt" TIMESTAMP(3);

