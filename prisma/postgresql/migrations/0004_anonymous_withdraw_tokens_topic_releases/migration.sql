-- AlterTable
ALTER TABLE "AgendaItem" DROP COLUMN "submitterHash",
ADD COLUMN     "withdrawHash" TEXT;

-- CreateTable
CREATE TABLE "MentorTopicRelease" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "mentors" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentorTopicRelease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MentorTopicRelease_workspaceId_createdAt_idx" ON "MentorTopicRelease"("workspaceId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AgendaItem_withdrawHash_key" ON "AgendaItem"("withdrawHash");

