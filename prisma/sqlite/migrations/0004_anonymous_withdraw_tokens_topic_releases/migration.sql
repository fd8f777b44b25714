-- CreateTable
CREATE TABLE "MentorTopicRelease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "from" DATETIME NOT NULL,
    "to" DATETIME NOT NULL,
    "mentors" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgendaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shortId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "minutes" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "link" TEXT,
    "submitterId" TEXT,
    "withdrawHash" TEXT,
    "teacherRaised" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decision" TEXT,
    "carriedFromId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgendaItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgendaItem" ("carriedFromId", "createdAt", "decision", "id", "link", "meetingId", "minutes", "position", "shortId", "status", "submitterId", "teacherRaised", "text", "type", "workspaceId") SELECT "carriedFromId", "createdAt", "decision", "id", "link", "meetingId", "minutes", "position", "shortId", "status", "submitterId", "teacherRaised", "text", "type", "workspaceId" FROM "AgendaItem";
DROP TABLE "AgendaItem";
ALTER TABLE "new_AgendaItem" RENAME TO "AgendaItem";
CREATE UNIQUE INDEX "AgendaItem_withdrawHash_key" ON "AgendaItem"("withdrawHash");
CREATE INDEX "AgendaItem_meetingId_position_idx" ON "AgendaItem"("meetingId", "position");
CREATE UNIQUE INDEX "AgendaItem_workspaceId_shortId_key" ON "AgendaItem"("workspaceId", "shortId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "MentorTopicRelease_workspaceId_createdAt_idx" ON "MentorTopicRelease"("workspaceId", "createdAt");

