-- Added columns only (no table rebuild), so migrations of other features to Session keep their columns.
ALTER TABLE "Session" ADD COLUMN "topics" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Session" ADD COLUMN "requiresTrained" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Session" ADD COLUMN "seriesId" TEXT;
ALTER TABLE "Session" ADD COLUMN "seriesIndex" INTEGER;
ALTER TABLE "Session" ADD COLUMN "seriesSize" INTEGER;

-- CreateIndex
CREATE INDEX "Session_seriesId_idx" ON "Session"("seriesId");
