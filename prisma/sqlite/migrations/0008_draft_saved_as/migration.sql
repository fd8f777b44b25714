-- AlterTable
ALTER TABLE "MentorDraft" ADD COLUMN "savedAs" TEXT;

