-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "requiresTrained" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "seriesId" TEXT,
ADD COLUMN     "seriesIndex" INTEGER,
ADD COLUMN     "seriesSize" INTEGER,
ADD COLUMN     "topics" TEXT NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "Session_seriesId_idx" ON "Session"("seriesId");

