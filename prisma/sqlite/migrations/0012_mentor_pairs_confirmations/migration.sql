-- AlterTable
ALTER TABLE "MentorEntry" ADD COLUMN "pairId" TEXT;

-- CreateTable
CREATE TABLE "MentorPair" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "shortId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeUserId" TEXT,
    "menteeEnc" TEXT,
    "keyId" TEXT,
    "startsOn" DATETIME NOT NULL,
    "endsOn" DATETIME,
    "createdBy" TEXT NOT NULL,
    "endedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MentorConfirmation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "mentorId" TEXT NOT NULL,
    "menteeUserId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'asked',
    "answeredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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

