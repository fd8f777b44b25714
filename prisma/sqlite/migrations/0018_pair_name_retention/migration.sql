-- AlterTable
ALTER TABLE "MentorPair" ADD COLUMN "nameRemovedAt" DATETIME;

