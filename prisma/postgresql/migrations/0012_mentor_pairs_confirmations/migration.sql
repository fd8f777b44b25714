-- AlterTable
ALTER TABLE "MentorEntry" ADD COLUMN     "pairId" TEXT;

-- CreateTable
CREATE TABLE "MentorPair" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeUserId" TEXT,
    "menteeEnc" TEXT,
    "keyId" TEXT,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "endedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MentorPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MentorConfirmation" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'asked',
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MentorConfirmation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MentorPair_workspaceId_mentorId_idx" ON "MentorPair"("workspaceId", "mentorId");

-- CreateIndex
CREATE INDEX "MentorPair_workspaceId_menteeUserId_idx" ON "MentorPair"("workspaceId", "menteeUserId");

-- CreateIndex
CREATE UNIQUE INDEX "MentorPair_workspaceId_shortId_key" ON "MentorPair"("workspaceId", "shortId");

-- CreateIndex
CREATE INDEX "MentorConfirmation_entryId_status_idx" ON "MentorConfirmation"("entryId", "status");

-- CreateIndex
CREATE INDEX "MentorConfirmation_workspaceId_mentorId_status_idx" ON "MentorConfirmation"("workspaceId", "mentorId", "status");

