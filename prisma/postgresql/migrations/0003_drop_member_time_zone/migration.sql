-- AlterTable
ALTER TABLE "Member" DROP COLUMN "timeZone";

